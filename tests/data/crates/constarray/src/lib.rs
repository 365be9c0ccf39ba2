pub const BUCKETS: usize = 8;
mod consts { pub const SMALL: usize = 2; }
pub struct Table<T>(pub [Option<T>; BUCKETS]);
pub struct Small<T>(pub [T; consts::SMALL]);
pub struct Zero<T>(pub [T; 0]);
pub type Map<K> = Table<(K, u8)>;
pub type RcTable = Table<std::rc::Rc<u8>>;
pub type Pair<A, B = u8> = (A, B);
pub struct UsesAlias(pub Map<std::cell::Cell<u8>>);
pub struct UsesPair(pub Pair<std::sync::Mutex<u8>>);
