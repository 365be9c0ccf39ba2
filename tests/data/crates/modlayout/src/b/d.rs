pub struct D<T>(pub Vec<T>, pub super::B);
