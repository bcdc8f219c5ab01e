//! A tiny deterministic PRNG (SplitMix64): the same seed always gives the same demo, and
//! no crate is needed for it. Not for anything secret.

pub struct Rng {
    state: u64,
    /// Ids handed out so far; the counter part of `uuid`.
    issued: u64,
    /// Fixed per seed, so ids look like ids rather than runs of zeros.
    prefix: [u8; 2],
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut rng = Rng {
            state: seed,
            issued: 0,
            prefix: [0; 2],
        };
        let p = rng.next_u64().to_le_bytes();
        rng.prefix = [p[0], p[1]];
        rng
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`0` when `n == 0`). The modulo bias is irrelevant for a demo.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = (hi - lo).max(0) as u64 + 1;
        lo + (self.next_u64() % span) as i64
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        // Callers pass the non-empty constant lists of `names`; `below` keeps the index in
        // range for any non-empty slice.
        &items[self.below(items.len())]
    }

    /// One of a list of texts, as a plain `&str` (what `str::replace` wants).
    pub fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }

    /// `k` distinct indices out of `0..n`, in random order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }

    /// A UUID from the generator, so demo ids are reproducible too. Bytes 2–5 count up
    /// (much as a version-7 UUID's time field does): every primary-key insert then lands
    /// at the end of its index instead of a random page, which keeps a 100,000-candidate
    /// demo fast and compact.
    pub fn uuid(&mut self) -> String {
        self.issued += 1;
        let mut bytes = [0u8; 16];
        bytes[..2].copy_from_slice(&self.prefix);
        bytes[2..6].copy_from_slice(&(self.issued as u32).to_be_bytes());
        bytes[6..14].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[14..].copy_from_slice(&self.next_u64().to_le_bytes()[..2]);
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// Draws what [`Rng::uuid`] draws and discards it. The rows inside an assessment or a
    /// portfolio have no id of their own any more (migration 10); skipping keeps every later
    /// draw where it was, so a seed still gives the demo it gave before, name for name (the
    /// size figures compare the same content, and screen snapshots stay as they were).
    pub fn skip_uuid(&mut self) {
        self.issued += 1;
        self.next_u64();
        self.next_u64();
    }
}
