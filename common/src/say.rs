//! `say!` and `say_err!`: `println!` and `eprintln!` through the one terminal sanitiser
//! ([`rolehop_core::base::terminal::shown`]). Every line either binary prints goes through them, so a
//! label with ESC, BEL, CR or a bidi override cannot act on the person's terminal whatever
//! path prints it (a lint in each crate's `clippy.toml` keeps the plain macros out). Exported
//! at this crate's root: `#[macro_use] extern crate rolehop_common;` in each binary.

/// A line on stdout, sanitised.
#[macro_export]
macro_rules! say {
    () => {{
        #[allow(clippy::disallowed_macros)]
        {
            ::std::println!()
        }
    }};
    ($($arg:tt)*) => {{
        #[allow(clippy::disallowed_macros)]
        {
            ::std::println!("{}", $crate::shown(&::std::format!($($arg)*)))
        }
    }};
}

/// A line on stderr, sanitised.
#[macro_export]
macro_rules! say_err {
    () => {{
        #[allow(clippy::disallowed_macros)]
        {
            ::std::eprintln!()
        }
    }};
    ($($arg:tt)*) => {{
        #[allow(clippy::disallowed_macros)]
        {
            ::std::eprintln!("{}", $crate::shown(&::std::format!($($arg)*)))
        }
    }};
}

/// Text on stderr without a line break (a prompt, a progress line that `\r` rewrites): the
/// text is sanitised before the caller's own control characters are added around it.
#[macro_export]
macro_rules! say_err_inline {
    ($($arg:tt)*) => {{
        #[allow(clippy::disallowed_macros)]
        {
            ::std::eprint!("{}", $crate::shown(&::std::format!($($arg)*)))
        }
    }};
}
