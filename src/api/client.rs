//! Who is asking: the client's address, as rate limits and idempotency keys need it. Behind a
//! reverse proxy every request comes from the proxy, so `X-Forwarded-For` is read, but only
//! when the peer is a proxy listed in `CONVOCA_TRUSTED_PROXIES`: anyone else could write any
//! address into that header.

use std::net::{IpAddr, Ipv4Addr};

use ipnet::IpNet;
use poem::{FromRequest, Request, RequestBody};

use crate::state::AppState;

/// The client's address (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl<'a> FromRequest<'a> for ClientIp {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let trusted = req
            .data::<AppState>()
            .map(|s| s.config.trusted_proxies.as_slice())
            .unwrap_or_default();
        Ok(Self(client_ip(req, trusted)))
    }
}

/// The peer's address, or, when the peer is a trusted proxy, the right-most address of
/// `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it
/// received from, so the right-most untrusted entry is the one no client could forge).
pub fn client_ip(req: &Request, trusted: &[IpNet]) -> IpAddr {
    let peer = req
        .remote_addr()
        .as_socket_addr()
        .map(|a| a.ip().to_canonical())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    from_chain(peer, &forwarded, trusted)
}

fn from_chain(peer: IpAddr, forwarded: &[&str], trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let mut client = peer;
    for entry in forwarded.iter().rev() {
        let Ok(ip) = entry.parse::<IpAddr>() else {
            // A malformed entry: nothing to its left can be believed either.
            break;
        };
        client = ip.to_canonical();
        if !is_trusted(&client) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("a network")];
        let chain = ["198.51.100.7", "10.0.0.2"];
        // An untrusted peer's header is ignored.
        assert_eq!(
            from_chain(ip("203.0.113.9"), &chain, &proxies),
            ip("203.0.113.9")
        );
        // Through two trusted proxies, the first untrusted address from the right.
        assert_eq!(
            from_chain(ip("10.0.0.1"), &chain, &proxies),
            ip("198.51.100.7")
        );
        // A client that forges entries to the left of its real address gains nothing.
        let forged = ["1.2.3.4", "198.51.100.7"];
        assert_eq!(
            from_chain(ip("10.0.0.1"), &forged, &proxies),
            ip("198.51.100.7")
        );
        // No trusted proxies: the peer, always.
        assert_eq!(from_chain(ip("10.0.0.1"), &chain, &[]), ip("10.0.0.1"));
        // Garbage stops the walk at the last good address.
        assert_eq!(from_chain(ip("10.0.0.1"), &["x"], &proxies), ip("10.0.0.1"));
    }
}
