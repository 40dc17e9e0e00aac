//! The built-in transport over real TLS on loopback, with whichever
//! cryptography feature built it (`rustls-aws-lc` or `rustls-ring`): it names
//! the endpoint's host (SNI), offers HTTP/2 and HTTP/1.1 (ALPN), completes the
//! key exchange, and refuses a certificate no trusted authority issued.

#![cfg(any(feature = "rustls-aws-lc", feature = "rustls-ring"))]

mod common;

use std::sync::Arc;

use cloud_live::{Error, RetryPolicy, tencent_live};
use common::{TC_ID, TC_KEY, any_resume_request};
use tokio::net::TcpListener;
use tokio_rustls::LazyConfigAcceptor;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::server::Acceptor;
use tokio_rustls::rustls::{ServerConfig, crypto};

/// What the server saw of the client's TLS handshake.
#[derive(Debug)]
struct Hello {
    server_name: Option<String>,
    alpn: Vec<Vec<u8>>,
    handshake: Result<(), String>,
}

/// A TLS server for `localhost` with a freshly made self-signed certificate,
/// which answers one connection's handshake and reports it.
async fn serve_self_signed() -> (u16, tokio::task::JoinHandle<Hello>) {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(made.signing_key.serialize_der()));
    let provider = Arc::new(crypto::ring::default_provider());
    let config = Arc::new(
        ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![made.cert.der().clone()], key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let start = LazyConfigAcceptor::new(Acceptor::default(), stream).await.unwrap();
        let hello = start.client_hello();
        let server_name = hello.server_name().map(str::to_owned);
        let alpn = hello.alpn().map(|protocols| protocols.map(<[u8]>::to_vec).collect()).unwrap_or_default();
        let handshake = start.into_stream(config).await.map(drop).map_err(|e| e.to_string());
        Hello { server_name, alpn, handshake }
    });
    (port, server)
}

#[tokio::test]
async fn refuses_a_certificate_no_trusted_authority_issued() {
    let (port, server) = serve_self_signed().await;
    let credentials = tencent_live::Credentials::new(TC_ID, TC_KEY).unwrap();
    let config = tencent_live::Config::builder(credentials)
        .endpoint(format!("https://localhost:{port}"))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let request = any_resume_request();
    let error = tencent_live::Client::new(config).resume_live_stream(&request).await.unwrap_err();

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let mut causes = Vec::new();
    let mut cause: Option<&dyn std::error::Error> = Some(&error);
    while let Some(e) = cause {
        causes.push(e.to_string());
        cause = e.source();
    }
    let causes = causes.join(" / ");
    assert!(causes.contains("certificate"), "the refusal should name the certificate: {causes}");

    let hello = server.await.unwrap();
    assert_eq!(hello.server_name.as_deref(), Some("localhost"), "{hello:?}");
    assert_eq!(hello.alpn, [b"h2".to_vec(), b"http/1.1".to_vec()], "{hello:?}");
    assert!(hello.handshake.is_err(), "the client must not complete a handshake with an untrusted certificate");
}
