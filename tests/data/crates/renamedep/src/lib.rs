use short::sync::Mutex;
pub struct Holds(pub short::Token);
pub struct Locked(pub Mutex<u8>);
pub struct PlainHolder(pub short::Plain);
pub struct RealMutex(pub std::sync::Mutex<u8>);
