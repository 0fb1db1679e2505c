//! A TCP proxy that a test owns, between the service and PostgreSQL, to cut the database away
//! and bring it back without touching the shared server (which other tests use meanwhile).
//! Cut, it closes every connection it carries and refuses new ones (its port is closed), as a
//! stopped server would; restored, it listens on the same port again.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The proxy: listens on `addr`, forwards to the upstream.
pub struct Proxy {
    /// Where clients connect.
    pub addr: SocketAddr,
    upstream: SocketAddr,
    /// `true` while cut; every forwarding task watches it.
    cut: watch::Sender<bool>,
    listening: Mutex<Option<JoinHandle<()>>>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    /// A proxy to `upstream`, listening on a free port of the loopback.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (cut, _) = watch::channel(false);
        let proxy = Self {
            addr: listener.local_addr().unwrap(),
            upstream,
            cut,
            listening: Mutex::new(None),
            connections: Arc::new(Mutex::new(Vec::new())),
        };
        proxy.listen(listener);
        proxy
    }

    fn listen(&self, listener: TcpListener) {
        let upstream = self.upstream;
        let cut = self.cut.clone();
        let connections = self.connections.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let mut cut = cut.subscribe();
                let forwarding = tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let mut client = client;
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut.wait_for(|cut| *cut) => {}
                    }
                    // Both sockets close here: the service sees its connection end.
                });
                connections.lock().unwrap().push(forwarding);
            }
        });
        *self.listening.lock().unwrap() = Some(task);
    }

    /// Closes every connection and the port.
    pub async fn cut(&self) {
        if let Some(task) = self.listening.lock().unwrap().take() {
            task.abort();
        }
        self.cut.send_replace(true);
        let connections: Vec<_> = self.connections.lock().unwrap().drain(..).collect();
        for connection in connections {
            let _ = connection.await;
        }
        // The listener is dropped with its aborted task: wait until the port refuses.
        while TcpStream::connect(self.addr).await.is_ok() {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    /// Listens on the same port again and forwards.
    pub async fn restore(&self) {
        self.cut.send_replace(false);
        let listener = TcpListener::bind(self.addr).await.unwrap();
        self.listen(listener);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(task) = self.listening.lock().unwrap().take() {
            task.abort();
        }
        self.cut.send_replace(true);
    }
}
