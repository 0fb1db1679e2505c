//! A least-recently-used map bounded both in entries and in bytes: what the APQ store, the
//! parsed documents, the introspection answers and the response cache keep. Safe to lose: everything in it can be made again.

use std::num::NonZeroUsize;
use std::sync::Mutex;

use lru::LruCache;

/// Something that knows how many bytes it holds.
pub trait Weighed {
    /// Bytes held.
    fn weight(&self) -> usize;
}

/// An LRU map of at most `entries` values and `max_bytes` bytes.
pub struct BoundedLru<V> {
    entries: Mutex<(LruCache<String, V>, usize)>,
    max_bytes: usize,
}

impl<V: Clone + Weighed> BoundedLru<V> {
    /// A map of at most `entries` values and `max_bytes` bytes; `None` when `entries` is 0
    /// (the cache is off).
    pub fn new(entries: usize, max_bytes: usize) -> Option<Self> {
        Some(Self::bounded(NonZeroUsize::new(entries)?, max_bytes))
    }

    /// A map of at most `entries` values and `max_bytes` bytes, always on.
    pub fn bounded(entries: NonZeroUsize, max_bytes: usize) -> Self {
        Self {
            entries: Mutex::new((LruCache::new(entries), 0)),
            max_bytes,
        }
    }

    /// The value under `key`, if it is still there (and now the most recently used).
    pub fn get(&self, key: &str) -> Option<V> {
        let mut guard = self.entries.lock().ok()?;
        guard.0.get(key).cloned()
    }

    /// Keeps `value` under `key`, dropping the least recently used beyond the bounds; a value
    /// larger than the byte bound is not kept.
    pub fn put(&self, key: String, value: V) {
        let weight = value.weight();
        if weight > self.max_bytes {
            return;
        }
        let Ok(mut guard) = self.entries.lock() else {
            return;
        };
        let (cache, bytes) = &mut *guard;
        if let Some((_, old)) = cache.push(key, value) {
            *bytes = bytes.saturating_sub(old.weight());
        }
        *bytes += weight;
        while *bytes > self.max_bytes {
            match cache.pop_lru() {
                Some((_, old)) => *bytes = bytes.saturating_sub(old.weight()),
                None => break,
            }
        }
    }

    /// Values held now.
    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |guard| guard.0.len())
    }

    /// Bytes held now.
    pub fn bytes(&self) -> usize {
        self.entries.lock().map_or(0, |guard| guard.1)
    }

    /// True when nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Weighed for std::sync::Arc<str> {
    fn weight(&self) -> usize {
        self.len()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn the_bounds_hold_in_entries_and_in_bytes() {
        let cache: BoundedLru<Arc<str>> = BoundedLru::new(3, 10).unwrap_or_else(|| unreachable!());
        for (key, value) in [("a", "1234"), ("b", "1234"), ("c", "12")] {
            cache.put(key.to_owned(), Arc::from(value));
        }
        assert_eq!((cache.len(), cache.bytes()), (3, 10));
        cache.put("d".to_owned(), Arc::from("123"));
        // The entry bound: "a", the least recently used, goes.
        assert_eq!(cache.get("a"), None);
        assert_eq!((cache.len(), cache.bytes()), (3, 9));
        // The byte bound: "b" goes for the entry bound, then "c" for the bytes.
        cache.put("e".to_owned(), Arc::from("1234567"));
        assert_eq!((cache.get("b"), cache.get("c")), (None, None));
        assert_eq!((cache.len(), cache.bytes()), (2, 10));
        cache.put("huge".to_owned(), Arc::from("12345678901"));
        assert_eq!(
            cache.get("huge"),
            None,
            "larger than the byte bound: not kept"
        );
        // Replacing a key's value counts its bytes once.
        cache.put("d".to_owned(), Arc::from("1"));
        assert_eq!(cache.bytes(), 8);
        assert!(BoundedLru::<Arc<str>>::new(0, 10).is_none());
    }
}
