//! The Win32 calls behind [`super`]: the user SID of this process and of another, the system's
//! TCP table with owning processes, an owner-only DACL on a file or folder, and the default
//! value of a key of the user's registry (where Chromium-family browsers on Windows look for
//! a native-messaging host, `crate::browser::channel`).
//!
//! The workspace's only module allowed `unsafe` (the test command checks that). Each call is
//! a documented Win32 function used as documented: buffers are sized by asking first, every
//! handle and every `LocalAlloc`ed block is released on every path (the guards below), and a
//! failure is an `io::Error` from `GetLastError` or the returned code.
#![allow(unsafe_code)]

use std::ffi::c_void;
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::path::Path;

use windows_sys::Win32::Foundation::{
    CloseHandle, ERROR_INSUFFICIENT_BUFFER, HANDLE, LocalFree, NO_ERROR,
};
use windows_sys::Win32::NetworkManagement::IpHelper::{
    GetExtendedTcpTable, TCP_TABLE_OWNER_PID_CONNECTIONS,
};
use windows_sys::Win32::Networking::WinSock::AF_INET;
use windows_sys::Win32::Security::Authorization::{
    ConvertSecurityDescriptorToStringSecurityDescriptorW, ConvertSidToStringSidW,
    ConvertStringSecurityDescriptorToSecurityDescriptorW, GetNamedSecurityInfoW, SDDL_REVISION_1,
    SE_FILE_OBJECT, SetNamedSecurityInfoW,
};
use windows_sys::Win32::Security::{
    ACL, DACL_SECURITY_INFORMATION, GetSecurityDescriptorDacl, GetTokenInformation,
    PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, TOKEN_QUERY, TOKEN_USER, TokenUser,
};
use windows_sys::Win32::System::Registry::{
    HKEY, HKEY_CURRENT_USER, KEY_SET_VALUE, REG_OPTION_NON_VOLATILE, REG_SZ, RRF_RT_REG_SZ,
    RegCloseKey, RegCreateKeyExW, RegGetValueW, RegSetValueExW,
};
use windows_sys::Win32::System::Threading::{
    GetCurrentProcess, OpenProcess, OpenProcessToken, PROCESS_QUERY_LIMITED_INFORMATION,
};

use super::TcpRow;

/// A handle closed when dropped.
struct Handle(HANDLE);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: the handle was returned open by OpenProcess/OpenProcessToken and is closed
        // once, here.
        unsafe {
            CloseHandle(self.0);
        }
    }
}

/// A block the system allocated with LocalAlloc, freed when dropped.
struct Local(*mut c_void);

impl Drop for Local {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the pointer came from a Win32 function documented to LocalAlloc it, and
            // is freed once, here.
            unsafe {
                LocalFree(self.0);
            }
        }
    }
}

fn wide(text: &std::ffi::OsStr) -> Vec<u16> {
    text.encode_wide().chain(std::iter::once(0)).collect()
}

/// The user SID of the token of a process opened with `process` (a handle with query rights).
fn token_user_sid(process: HANDLE) -> io::Result<String> {
    let mut token: HANDLE = std::ptr::null_mut();
    // SAFETY: `process` is a valid process handle; `token` receives a handle we close.
    if unsafe { OpenProcessToken(process, TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let token = Handle(token);
    let mut size = 0u32;
    // SAFETY: a size query (null buffer, zero length) is documented to fail with
    // ERROR_INSUFFICIENT_BUFFER and set `size`.
    unsafe { GetTokenInformation(token.0, TokenUser, std::ptr::null_mut(), 0, &mut size) };
    if size == 0 {
        return Err(io::Error::last_os_error());
    }
    // u64s: a buffer aligned for TOKEN_USER (pointers inside).
    let mut buffer = vec![0u64; (size as usize).div_ceil(8)];
    // SAFETY: the buffer holds at least `size` bytes, as asked.
    if unsafe {
        GetTokenInformation(
            token.0,
            TokenUser,
            buffer.as_mut_ptr().cast(),
            size,
            &mut size,
        )
    } == 0
    {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the call filled the buffer with a TOKEN_USER, whose SID points into the buffer,
    // which lives until the end of this function.
    let sid = unsafe { (*buffer.as_ptr().cast::<TOKEN_USER>()).User.Sid };
    let mut text: *mut u16 = std::ptr::null_mut();
    // SAFETY: `sid` is valid (above); `text` receives a LocalAlloc'ed string we free.
    if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(local_string(Local(text.cast())))
}

/// A NUL-terminated UTF-16 string the system LocalAlloc'ed, read and freed.
fn local_string(text: Local) -> String {
    let chars = text.0.cast::<u16>();
    // SAFETY: the caller's function returned a NUL-terminated UTF-16 string here.
    let len = (0..).take_while(|&i| unsafe { *chars.add(i) } != 0).count();
    // SAFETY: `len` characters before the NUL are readable.
    let slice = unsafe { std::slice::from_raw_parts(chars, len) };
    String::from_utf16_lossy(slice)
}

/// The DACL of `path` as SDDL (`D:P(A;OICI;FA;;;S-1-…)`), as Windows reads it back.
pub fn dacl_sddl(path: &Path) -> io::Result<String> {
    let name = wide(path.as_os_str());
    let mut dacl: *mut ACL = std::ptr::null_mut();
    let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
    // SAFETY: `name` is NUL-terminated; `descriptor` receives a LocalAlloc'ed block we free,
    // `dacl` points into it.
    let code = unsafe {
        GetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut dacl,
            std::ptr::null_mut(),
            &mut descriptor,
        )
    };
    if code != NO_ERROR {
        return Err(io::Error::from_raw_os_error(code as i32));
    }
    let descriptor = Local(descriptor);
    let mut text: *mut u16 = std::ptr::null_mut();
    // SAFETY: `descriptor` is valid (above); `text` receives a LocalAlloc'ed string we free.
    if unsafe {
        ConvertSecurityDescriptorToStringSecurityDescriptorW(
            descriptor.0,
            SDDL_REVISION_1,
            DACL_SECURITY_INFORMATION,
            &mut text,
            std::ptr::null_mut(),
        )
    } == 0
    {
        return Err(io::Error::last_os_error());
    }
    Ok(local_string(Local(text.cast())))
}

/// This process's user, as a SID string (`S-1-5-21-…`), read once.
pub fn current_user_sid() -> io::Result<String> {
    static SID: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
    SID.get_or_init(|| {
        // SAFETY: the pseudo handle of this process needs no closing.
        token_user_sid(unsafe { GetCurrentProcess() }).map_err(|e| e.to_string())
    })
    .clone()
    .map_err(io::Error::other)
}

/// The user running process `pid`, as a SID string. Another user's process cannot be opened
/// for query without privileges: that error is returned (callers refuse the peer).
pub fn process_user_sid(pid: u32) -> io::Result<String> {
    // SAFETY: OpenProcess returns null on failure, else a handle we close.
    let process = unsafe { OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid) };
    if process.is_null() {
        return Err(io::Error::last_os_error());
    }
    let process = Handle(process);
    token_user_sid(process.0)
}

/// Whether this runs under Wine (its registry has `HKLM\Software\Wine`). Wine 8's TCP table
/// often names no owning process (pid 0), so there the hand-off refuses such connections;
/// tests say which behaviour they expect.
pub fn under_wine() -> bool {
    winreg::RegKey::predef(winreg::enums::HKEY_LOCAL_MACHINE)
        .open_subkey("Software\\Wine")
        .is_ok()
}

/// Every IPv4 TCP connection of the system with the process holding its local end.
pub fn tcp_rows() -> io::Result<Vec<TcpRow>> {
    // The table can grow between the size query and the read: ask again a few times.
    for _ in 0..4 {
        let mut size = 0u32;
        // SAFETY: a size query (null buffer) sets `size` and returns ERROR_INSUFFICIENT_BUFFER.
        let code = unsafe {
            GetExtendedTcpTable(
                std::ptr::null_mut(),
                &mut size,
                0,
                u32::from(AF_INET),
                TCP_TABLE_OWNER_PID_CONNECTIONS,
                0,
            )
        };
        if code != ERROR_INSUFFICIENT_BUFFER && code != NO_ERROR {
            return Err(io::Error::from_raw_os_error(code as i32));
        }
        let mut words = vec![0u32; (size as usize).div_ceil(4).max(1)];
        let mut bytes = (words.len() * 4) as u32;
        // SAFETY: the buffer holds `bytes` bytes, DWORD-aligned, as the table needs.
        let code = unsafe {
            GetExtendedTcpTable(
                words.as_mut_ptr().cast(),
                &mut bytes,
                0,
                u32::from(AF_INET),
                TCP_TABLE_OWNER_PID_CONNECTIONS,
                0,
            )
        };
        match code {
            NO_ERROR => return Ok(super::rows_from_table(&words)),
            ERROR_INSUFFICIENT_BUFFER => continue,
            other => return Err(io::Error::from_raw_os_error(other as i32)),
        }
    }
    Err(io::Error::other(
        "the TCP table kept growing while it was read",
    ))
}

/// Gives `path` (a file or folder) the owner-only, protected DACL of [`super::owner_only_sddl`]
/// for this process's user: no one else, and no group, can open it.
pub fn make_owner_only(path: &Path) -> io::Result<()> {
    let sid = current_user_sid()?;
    let sddl = super::owner_only_sddl(&sid).map_err(io::Error::other)?;
    let sddl = wide(std::ffi::OsStr::new(&sddl));
    let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
    // SAFETY: `sddl` is NUL-terminated; `descriptor` receives a LocalAlloc'ed block we free.
    if unsafe {
        ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl.as_ptr(),
            SDDL_REVISION_1,
            &mut descriptor,
            std::ptr::null_mut(),
        )
    } == 0
    {
        return Err(io::Error::last_os_error());
    }
    let descriptor = Local(descriptor);
    let (mut present, mut defaulted) = (0, 0);
    let mut dacl: *mut ACL = std::ptr::null_mut();
    // SAFETY: `descriptor` is the valid descriptor made above; `dacl` points into it.
    if unsafe { GetSecurityDescriptorDacl(descriptor.0, &mut present, &mut dacl, &mut defaulted) }
        == 0
        || present == 0
    {
        return Err(io::Error::other("the owner-only descriptor has no DACL"));
    }
    let name = wide(path.as_os_str());
    // SAFETY: `name` is NUL-terminated; `dacl` lives as long as `descriptor`.
    let code = unsafe {
        SetNamedSecurityInfoW(
            name.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            dacl,
            std::ptr::null(),
        )
    };
    if code != NO_ERROR {
        return Err(io::Error::from_raw_os_error(code as i32));
    }
    Ok(())
}

/// A registry key opened by [`set_user_key_default`], closed when dropped.
struct Key(HKEY);

impl Drop for Key {
    fn drop(&mut self) {
        // SAFETY: the key was opened by RegCreateKeyExW and is closed once, here.
        unsafe {
            RegCloseKey(self.0);
        }
    }
}

/// Sets the default value of `HKEY_CURRENT_USER\<key>` to the string `value`, creating the
/// key when it is not there.
pub fn set_user_key_default(key: &str, value: &str) -> io::Result<()> {
    let name = wide(std::ffi::OsStr::new(key));
    let mut opened: HKEY = std::ptr::null_mut();
    // SAFETY: `name` is NUL-terminated; `opened` receives a key handle that `Key` closes.
    let code = unsafe {
        RegCreateKeyExW(
            HKEY_CURRENT_USER,
            name.as_ptr(),
            0,
            std::ptr::null(),
            REG_OPTION_NON_VOLATILE,
            KEY_SET_VALUE,
            std::ptr::null(),
            &mut opened,
            std::ptr::null_mut(),
        )
    };
    if code != NO_ERROR {
        return Err(io::Error::from_raw_os_error(code as i32));
    }
    let opened = Key(opened);
    let data = wide(std::ffi::OsStr::new(value));
    let bytes = u32::try_from(data.len() * 2).map_err(io::Error::other)?;
    // SAFETY: the key is open with KEY_SET_VALUE; `data` is `bytes` bytes of NUL-terminated
    // UTF-16; a null value name is the key's default value.
    let code = unsafe {
        RegSetValueExW(
            opened.0,
            std::ptr::null(),
            0,
            REG_SZ,
            data.as_ptr().cast(),
            bytes,
        )
    };
    if code != NO_ERROR {
        return Err(io::Error::from_raw_os_error(code as i32));
    }
    Ok(())
}

/// The default value of `HKEY_CURRENT_USER\<key>` when it is a string; `None` when the key
/// or its value is not there.
pub fn user_key_default(key: &str) -> Option<String> {
    let name = wide(std::ffi::OsStr::new(key));
    // One RegGetValueW: with no buffer it says the size needed, with one it fills it.
    let get = |buffer: *mut c_void, size: &mut u32| {
        // SAFETY: `name` is NUL-terminated; `buffer` is null (a sizing call) or holds `size`
        // bytes.
        unsafe {
            RegGetValueW(
                HKEY_CURRENT_USER,
                name.as_ptr(),
                std::ptr::null(),
                RRF_RT_REG_SZ,
                std::ptr::null_mut(),
                buffer,
                size,
            )
        }
    };
    let mut size: u32 = 0;
    if get(std::ptr::null_mut(), &mut size) != NO_ERROR || size == 0 {
        return None;
    }
    let mut buffer = vec![0u16; (size as usize).div_ceil(2)];
    if get(buffer.as_mut_ptr().cast(), &mut size) != NO_ERROR {
        return None;
    }
    let len = buffer.iter().position(|&c| c == 0).unwrap_or(buffer.len());
    Some(String::from_utf16_lossy(&buffer[..len]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The channel host's registration round-trips through the user's registry (Wine's in
    /// the test command).
    #[test]
    fn a_user_key_default_round_trips() {
        let key = format!(
            "Software\\Rolehop-test-{}\\NativeMessagingHosts\\x",
            std::process::id()
        );
        assert_eq!(user_key_default(&key), None);
        set_user_key_default(&key, "C:\\Users\\me\\rolehop\\host.json").unwrap();
        assert_eq!(
            user_key_default(&key).as_deref(),
            Some("C:\\Users\\me\\rolehop\\host.json")
        );
        set_user_key_default(&key, "D:\\other.json").unwrap();
        assert_eq!(user_key_default(&key).as_deref(), Some("D:\\other.json"));
    }

    #[test]
    fn this_process_has_a_user() {
        let sid = current_user_sid().unwrap();
        assert!(super::super::owner_only_sddl(&sid).is_ok(), "{sid}");
        assert_eq!(process_user_sid(std::process::id()).unwrap(), sid);
    }

    #[test]
    fn a_connection_of_this_process_is_found_in_the_table() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (_server, _) = listener.accept().unwrap();
        let rows = tcp_rows().unwrap();
        let pid = super::super::peer_process(
            &rows,
            listener.local_addr().unwrap(),
            client.local_addr().unwrap(),
        );
        // Wine 8 often fills no owning process (pid 0, see `under_wine`); real Windows always
        // names this one.
        if under_wine() && pid == Some(0) {
            return;
        }
        assert_eq!(pid, Some(std::process::id()), "{rows:?}");
    }

    #[test]
    fn a_private_folder_and_what_is_made_in_it_are_the_owners_alone() {
        let dir = tempfile::tempdir().unwrap();
        let private = dir.path().join("nested").join("private");
        crate::base::files::create_private_dir(&private).unwrap();
        std::fs::write(private.join("file"), "x").unwrap();
        assert_eq!(std::fs::read_to_string(private.join("file")).unwrap(), "x");
        if under_wine() {
            // Wine 8 accepts the DACL and keeps none (it reads one back from the Unix mode):
            // what is checked here is that the calls succeed and the folder stays usable; the
            // DACL itself is checked on the Windows CI runner.
            return;
        }
        let sid = current_user_sid().unwrap();
        let expected = super::super::owner_only_sddl(&sid).unwrap();
        assert_eq!(dacl_sddl(&private).unwrap(), expected);
        // A file made in it inherits the user's entry and nothing else (no group, no parent's).
        let file = dacl_sddl(&private.join("file")).unwrap();
        assert_eq!(file.matches('(').count(), 1, "{file}");
        assert!(file.contains(&format!("FA;;;{sid})")), "{file}");
    }
}
