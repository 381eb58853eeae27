use super::policy::{Cidr, IpBlock};

fn block(cidr: &str, except: &[&str]) -> IpBlock {
    IpBlock {
        cidr: Cidr::parse(cidr).expect("cidr"),
        except: except
            .iter()
            .map(|e| Cidr::parse(e).expect("except"))
            .collect(),
    }
}

#[test]
fn ip_blocks_allow_what_except_leaves() {
    assert!(block("0.0.0.0/0", &[]).allows_some_address());
    assert!(block("0.0.0.0/0", &["10.0.0.0/8", "192.168.0.0/16"]).allows_some_address());
    assert!(!block("10.0.0.0/8", &["10.0.0.0/8"]).allows_some_address());
    assert!(!block("10.0.0.0/8", &["10.0.0.0/9", "10.128.0.0/9"]).allows_some_address());
    assert!(block("10.0.0.0/8", &["10.0.0.0/9", "10.128.0.0/10"]).allows_some_address());
    assert!(block("::/0", &["fd00::/8"]).allows_some_address());
    assert!(!block("1.2.3.4/32", &["1.2.3.4/32"]).allows_some_address());
}

#[test]
fn cidrs_parse_and_contain() {
    let net = Cidr::parse("10.1.0.0/16").expect("cidr");
    assert!(net.contains(&Cidr::parse("10.1.2.0/24").expect("cidr")));
    assert!(!net.contains(&Cidr::parse("10.2.0.0/24").expect("cidr")));
    assert!(!net.contains(&Cidr::parse("::/0").expect("cidr")));
    assert!(Cidr::parse("10.0.0.0").is_err());
    assert!(Cidr::parse("10.0.0.0/33").is_err());
    assert!(Cidr::parse("nope/8").is_err());
    assert!(Cidr::parse("::/0").expect("cidr").is_everything());
}
