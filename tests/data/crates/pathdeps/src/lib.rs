pub struct Client(pub helper::Conn);
pub struct Pooled(pub helper::Pool<plainhelper::Token>);
pub struct PooledCell(pub helper::Pool<helper::private_parts::Cellish>);
