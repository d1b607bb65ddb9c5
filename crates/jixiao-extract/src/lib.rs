//! # jixiao-extract
//!
//! Turns the text of a self-evaluation report into what jixiao can check.
pub mod audit;
pub mod dept;
pub mod markup;
pub mod numbers;
pub mod project;
pub mod read;
pub mod reader;
pub mod tables;
pub mod text;
