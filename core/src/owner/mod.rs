//! Who owns a socket or a file, where Unix modes and `/proc` do not say it: Windows. A leaf of
//! facts below [`crate::base::files`] (private folders) and [`crate::browser::handoff`] (the
//! hand-off's same-user check).
//!
//! - **Private folders and files**: on Windows a folder is made private with an owner-only,
//!   protected DACL (the SDDL `D:P(A;OICI;FA;;;<user's SID>)`: full access for the user, for
//!   the folder and everything created in it, nothing inherited from the parent, so no group
//!   such as Users or Administrators keeps read access). See
//!   <https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format>.
//! - **Socket owners**: the hand-off's loopback server asks which process holds the peer end of
//!   a connection (`GetExtendedTcpTable` with `TCP_TABLE_OWNER_PID_CONNECTIONS`, see
//!   <https://learn.microsoft.com/windows/win32/api/iphlpapi/nf-iphlpapi-getextendedtcptable>)
//!   and which user runs that process (its token's user SID). A process it may not open is
//!   another user's: refused (fail closed).
//!
//! The pure parts (the SDDL, the table rows and the lookup of a peer's process) are here and
//! tested on every platform; the Win32 calls are in `windows.rs`, the workspace's only module
//! allowed `unsafe`.

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};

#[cfg(windows)]
pub mod windows;

/// The error for a SID that is not one (a SID's string form is `S-1-…`, digits and dashes).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{sid:?} is not a security identifier (S-1-…)")]
pub struct NotASid {
    pub sid: String,
}

/// The owner-only, protected DACL for `sid` as SDDL: full access (`FA`) for that user on the
/// object and, through inheritance (`OICI`), on every file and folder created in it; `P`
/// stops the parent's entries from flowing in. Checked, since it is pasted into a descriptor.
pub fn owner_only_sddl(sid: &str) -> Result<String, NotASid> {
    let well_formed = sid.strip_prefix("S-1-").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .split('-')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    });
    if !well_formed {
        return Err(NotASid {
            sid: sid.to_string(),
        });
    }
    Ok(format!("D:P(A;OICI;FA;;;{sid})"))
}

/// One IPv4 connection of the system's TCP table with the process that holds its local end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcpRow {
    pub local: SocketAddrV4,
    pub remote: SocketAddrV4,
    pub pid: u32,
}

impl TcpRow {
    /// A `MIB_TCPROW_OWNER_PID` as Windows fills it: the addresses in network byte order as
    /// stored in memory, the ports in network byte order in the low 16 bits of a `DWORD`.
    pub fn from_mib(
        local_addr: u32,
        local_port: u32,
        remote_addr: u32,
        remote_port: u32,
        pid: u32,
    ) -> Self {
        let addr = |a: u32, p: u32| {
            SocketAddrV4::new(
                Ipv4Addr::from(a.to_ne_bytes()),
                u16::from_be((p & 0xffff) as u16),
            )
        };
        Self {
            local: addr(local_addr, local_port),
            remote: addr(remote_addr, remote_port),
            pid,
        }
    }
}

/// Reads a `MIB_TCPTABLE_OWNER_PID` laid out as `DWORD`s: the count, then six per row (state,
/// local address, local port, remote address, remote port, owning pid). A table shorter than
/// its count says is read as far as it goes.
pub fn rows_from_table(words: &[u32]) -> Vec<TcpRow> {
    let Some((&count, rows)) = words.split_first() else {
        return Vec::new();
    };
    rows.chunks_exact(6)
        .take(count as usize)
        .map(|r| TcpRow::from_mib(r[1], r[2], r[3], r[4], r[5]))
        .collect()
}

/// The process holding the peer's end of a connection to `listener`: the row whose local end
/// is the peer and whose remote end is the listener's address.
pub fn peer_process(rows: &[TcpRow], listener: SocketAddr, peer: SocketAddr) -> Option<u32> {
    let (SocketAddr::V4(listener), SocketAddr::V4(peer)) = (listener, peer) else {
        return None;
    };
    rows.iter()
        .find(|row| row.local == peer && row.remote == listener)
        .map(|row| row.pid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dacl_names_the_user_alone_and_inherits_nothing() {
        let sid = "S-1-5-21-3623811015-3361044348-30300820-1013";
        assert_eq!(
            owner_only_sddl(sid).as_deref(),
            Ok("D:P(A;OICI;FA;;;S-1-5-21-3623811015-3361044348-30300820-1013)")
        );
        // Anything that could close the ACE and add another is refused.
        for bad in [
            "",
            "S-1-",
            "S-1-5-21-1)(A;;FA;;;WD",
            "WD",
            "S-1-5--1",
            "s-1-5-21",
            "S-1-5-21-x",
        ] {
            assert!(owner_only_sddl(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn table_rows_are_read_in_network_byte_order() {
        // 127.0.0.1:50000 -> 127.0.0.1:8080, as Windows stores them: the address bytes in
        // network order in memory, the port's two bytes swapped in the low word.
        let ip = u32::from_ne_bytes([127, 0, 0, 1]);
        let port = |p: u16| u32::from(p.to_be());
        let words = [
            2,
            5,
            ip,
            port(50000),
            ip,
            port(8080),
            4242,
            5,
            ip,
            port(8080),
            ip,
            port(50000),
            7,
        ];
        let rows = rows_from_table(&words);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].local, "127.0.0.1:50000".parse().unwrap());
        assert_eq!(rows[0].remote, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(rows[0].pid, 4242);
        // The client's end of the connection names the browser's process; the server's end
        // (this process) is not mistaken for it.
        let listener: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let peer: SocketAddr = "127.0.0.1:50000".parse().unwrap();
        assert_eq!(peer_process(&rows, listener, peer), Some(4242));
        assert_eq!(
            peer_process(&rows, listener, "127.0.0.1:50001".parse().unwrap()),
            None
        );
        assert_eq!(
            peer_process(&rows, "[::1]:8080".parse().unwrap(), peer),
            None
        );
    }

    #[test]
    fn a_short_table_is_read_as_far_as_it_goes() {
        assert!(rows_from_table(&[]).is_empty());
        assert!(rows_from_table(&[3, 1, 2]).is_empty());
        assert_eq!(
            rows_from_table(&[1, 5, 0, 0, 0, 0, 9, 5, 0, 0, 0, 0, 10]).len(),
            1
        );
    }
}
