//! The provider's own small tokio runtime, and the bridge from blocking callers to it.
//!
//! The AWS SDK is async; [`crate::Provider`] is blocking and called from several threads at
//! once. Each call is spawned onto a two-worker multi-thread runtime and the caller waits on a
//! channel: this works from any thread, even one inside another tokio runtime (where
//! `Runtime::block_on` would panic), and concurrent callers share the runtime's connections.

use std::future::Future;
use std::sync::mpsc;
use std::time::Duration;

use crate::ProviderError;

pub(crate) struct Bridge {
    runtime: Option<tokio::runtime::Runtime>,
}

impl Bridge {
    pub(crate) fn new() -> Result<Self, ProviderError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("locket-aws")
            .enable_all()
            .build()
            .map_err(|e| {
                ProviderError::Other(format!("could not start the AWS client's threads: {e}"))
            })?;
        Ok(Bridge {
            runtime: Some(runtime),
        })
    }

    /// Runs `future` on the runtime and waits for it, at most `limit` (a safety net: the SDK
    /// has its own, shorter timeouts). `None` when the limit passed.
    pub(crate) fn run<F>(
        &self,
        future: F,
        limit: Duration,
    ) -> Result<Option<F::Output>, ProviderError>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let runtime = self.runtime.as_ref().expect("the runtime lives until drop");
        let (tx, rx) = mpsc::sync_channel(1);
        runtime.spawn(async move {
            let out = tokio::time::timeout(limit, future).await.ok();
            let _ = tx.send(out);
        });
        rx.recv().map_err(|_| {
            ProviderError::Other("the AWS client stopped unexpectedly (a bug in locket)".into())
        })
    }
}

impl Drop for Bridge {
    fn drop(&mut self) {
        // Dropping a runtime blocks until its tasks end, and panics inside another runtime:
        // let its threads go in the background instead.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_from_many_threads_and_inside_another_runtime() {
        let bridge = std::sync::Arc::new(Bridge::new().unwrap());
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let bridge = bridge.clone();
                std::thread::spawn(move || {
                    bridge
                        .run(
                            async move {
                                tokio::time::sleep(Duration::from_millis(20)).await;
                                i * 2
                            },
                            Duration::from_secs(5),
                        )
                        .unwrap()
                })
            })
            .collect();
        for (i, t) in threads.into_iter().enumerate() {
            assert_eq!(t.join().unwrap(), Some(i * 2));
        }
        let other = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let inner = bridge.clone();
        let got = other.block_on(async move { inner.run(async { 7 }, Duration::from_secs(5)) });
        assert_eq!(got.unwrap(), Some(7));
        let late = bridge.run(
            async { tokio::time::sleep(Duration::from_secs(5)).await },
            Duration::from_millis(50),
        );
        assert_eq!(late.unwrap(), None);
    }
}
