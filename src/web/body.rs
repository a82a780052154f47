//! Reading a request body whole, within a limit, so that a refusal reaches the browser.
//!
//! When a body is over the limit the server answers before the client has finished
//! sending. If the server then closes the connection with the rest of the upload unread,
//! the operating system answers the unread bytes with a TCP reset, and a browser still
//! sending its file may drop the answer and show a connection error instead of the form
//! saying "The file must be smaller than 1 MB". So the rest is read and thrown away (up
//! to `DRAIN_MAX_BYTES`) before the refusal is answered; past that, the connection is
//! closed as before, so a client cannot make the server read without end.

use crate::error::AppError;
use axum::body::{Body, Bytes};
use http_body_util::BodyExt;

/// How much of an over-limit body is read and dropped before answering. Far above any
/// real file a person picks by mistake (a 10 MB spreadsheet), far below a denial of
/// service.
pub const DRAIN_MAX_BYTES: usize = 64 * 1024 * 1024;

/// The body as bytes if it is at most `limit` bytes; otherwise `PayloadTooLarge`, after
/// the rest of the body has been read and dropped (see the module comment).
pub async fn read_within(body: Body, limit: usize) -> Result<Bytes, AppError> {
    let too_large = AppError::PayloadTooLarge { max_bytes: limit };
    let mut body = body;
    let mut kept: Vec<u8> = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        // A body that breaks off (the client went away) is refused like an oversized one:
        // nobody is waiting for the answer.
        let Ok(frame) = frame else {
            return Err(too_large);
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        seen = seen.saturating_add(data.len());
        if seen > limit {
            kept = Vec::new();
            if seen > DRAIN_MAX_BYTES {
                return Err(too_large);
            }
        } else {
            kept.extend_from_slice(&data);
        }
    }
    if seen > limit {
        return Err(too_large);
    }
    Ok(Bytes::from(kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A body of `chunks` chunks of `size` bytes that counts how many were read.
    fn counted(chunks: usize, size: usize) -> (Body, Arc<AtomicUsize>) {
        let read = Arc::new(AtomicUsize::new(0));
        let counter = read.clone();
        let stream = futures_util::stream::iter((0..chunks).map(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok::<_, std::io::Error>(Bytes::from(vec![b'x'; size]))
        }));
        (Body::from_stream(stream), read)
    }

    #[tokio::test]
    async fn a_body_within_the_limit_is_returned_whole() {
        let (body, read) = counted(4, 256);
        let bytes = read_within(body, 1024).await.unwrap();
        assert_eq!(bytes.len(), 1024);
        assert_eq!(read.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn an_oversized_body_is_read_to_its_end_before_it_is_refused() {
        let (body, read) = counted(40, 1024);
        let err = read_within(body, 4 * 1024).await.unwrap_err();
        assert!(matches!(err, AppError::PayloadTooLarge { max_bytes: 4096 }));
        assert_eq!(read.load(Ordering::SeqCst), 40, "every chunk was read");
    }

    #[tokio::test]
    async fn reading_stops_past_the_drain_limit() {
        let chunk = 1024 * 1024;
        let (body, read) = counted(DRAIN_MAX_BYTES / chunk + 10, chunk);
        let err = read_within(body, 1024).await.unwrap_err();
        assert!(matches!(err, AppError::PayloadTooLarge { .. }));
        assert_eq!(read.load(Ordering::SeqCst), DRAIN_MAX_BYTES / chunk + 1);
    }
}
