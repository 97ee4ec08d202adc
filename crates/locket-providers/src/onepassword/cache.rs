//! Per-run memory of lookups, single-flight: the first caller of a key runs the lookup, callers
//! asking for the same key meanwhile wait for its answer, later callers get it at once. An
//! error is remembered too (for one run: the lookup was already retried).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::ProviderError;

/// One value, looked up once.
pub(super) struct Once<V>(OnceLock<Result<V, ProviderError>>);

impl<V> Default for Once<V> {
    fn default() -> Self {
        Once(OnceLock::new())
    }
}

impl<V: Clone> Once<V> {
    pub fn get(&self, load: impl FnOnce() -> Result<V, ProviderError>) -> Result<V, ProviderError> {
        self.0.get_or_init(load).clone()
    }
}

/// Values by key, each looked up once.
pub(super) struct Memo<K, V>(Mutex<HashMap<K, Arc<Once<V>>>>);

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo(Mutex::new(HashMap::new()))
    }
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    pub fn get(
        &self,
        key: K,
        load: impl FnOnce() -> Result<V, ProviderError>,
    ) -> Result<V, ProviderError> {
        let cell = {
            let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(map.entry(key).or_default())
        };
        cell.get(load)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn concurrent_callers_share_one_lookup() {
        let memo: Memo<u8, u32> = Memo::default();
        let calls = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    let v = memo.get(1, || {
                        calls.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        Ok(7)
                    });
                    assert_eq!(v, Ok(7));
                });
            }
        });
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
