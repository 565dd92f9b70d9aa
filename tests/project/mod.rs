//! The project itself: the shape of the code and the documents made from it.

mod architecture;
mod docs;
