pub struct Top(pub ws_a::Base);
pub struct TopOk(pub ws_a::BaseOk, pub std::sync::Mutex<u8>);
