use super::InA;
pub struct InB { pub a: InA }
pub struct Shadow;
