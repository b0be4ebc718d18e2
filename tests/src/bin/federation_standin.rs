//! Runs moto, the recording STS proxy and the federation stand-in until Ctrl-C, and prints the
//! environment to point `rolehop` at them: for trying the flow by hand without AWS.

use rolehop_tests::moto::Moto;
use rolehop_tests::standin::Standin;
use rolehop_tests::sts_proxy::StsProxy;

fn main() {
    let moto = Moto::start();
    let proxy = StsProxy::start(moto.endpoint());
    let standin = Standin::start(&moto, proxy.registry.clone());
    let (key, secret) = moto.create_user("111111111111", "alice");
    println!("export AWS_ENDPOINT_URL={}", proxy.endpoint());
    println!("export ROLEHOP_FEDERATION_URL={}", standin.federation_url());
    println!("# an IAM user in account 111111111111: access key {key}");
    println!(
        "# echo '{secret}' | rolehop setup --identity alice --account 111111111111 --access-key-id {key} --secret-stdin"
    );
    println!("# serving until interrupted");
    loop {
        std::thread::park();
    }
}
