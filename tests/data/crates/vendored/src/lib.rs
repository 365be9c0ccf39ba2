pub struct Uses(pub vend::Bytes);
pub struct UsesLocal(pub vend::Local);
pub struct Chained(pub vend::buf::Chain<vend::Bytes, u8>);
