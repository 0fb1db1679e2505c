//! A GraphQL request as a transport received it: a JSON object (a POST body, a GET query string
//! read as one, a WebSocket `subscribe` payload), read by one rule.

use async_graphql::{Request, Variables};
use serde_json::Value;

use crate::error::Refusal;
use crate::graphql::persisted;

/// One GraphQL request as sent: its parameters, and what names its document (the text, or a
/// persisted id: `documentId`, Relay's `doc_id`, or APQ's
/// `extensions.persistedQuery.sha256Hash`).
#[derive(Debug)]
pub struct Incoming {
    /// Operation name, variables and extensions (its `query` is set once the document is
    /// resolved).
    pub request: Request,
    /// The document text sent, if any.
    pub query: Option<String>,
    /// The persisted id sent, if any.
    pub id: Option<String>,
    /// True when the id is an APQ hash.
    pub apq: bool,
}

impl Incoming {
    /// A request from its JSON object: `query` a string (or absent when a persisted id names the
    /// document), `operationName`, `documentId` and `doc_id` strings or null, `variables` and
    /// `extensions` objects or null.
    pub fn from_json(value: Value) -> Result<Self, Refusal> {
        let Value::Object(mut object) = value else {
            return Err(Refusal::bad_request(
                "a GraphQL request is a JSON object with a `query` string",
            ));
        };
        let query = match object.remove("query") {
            Some(Value::String(query)) => Some(query),
            None | Some(Value::Null) => None,
            Some(_) => return Err(Refusal::bad_request("`query` must be a string")),
        };
        let mut request = Request::new("");
        match object.remove("operationName") {
            None | Some(Value::Null) => {}
            Some(Value::String(name)) => request = request.operation_name(name),
            Some(_) => return Err(Refusal::bad_request("`operationName` must be a string")),
        }
        match object.remove("variables") {
            None | Some(Value::Null) => {}
            Some(variables @ Value::Object(_)) => {
                request = request.variables(Variables::from_json(variables));
            }
            Some(_) => return Err(Refusal::bad_request("`variables` must be a JSON object")),
        }
        let mut id = None;
        for name in ["documentId", "doc_id"] {
            match object.remove(name) {
                None | Some(Value::Null) => {}
                Some(Value::String(named)) => {
                    if id.as_ref().is_some_and(|known: &String| {
                        persisted::document_key(known) != persisted::document_key(&named)
                    }) {
                        return Err(Refusal::bad_request(
                            "`documentId` and `doc_id` name different documents",
                        ));
                    }
                    id = Some(named);
                }
                Some(_) => return Err(Refusal::bad_request(format!("`{name}` must be a string"))),
            }
        }
        let mut apq = false;
        match object.remove("extensions") {
            None | Some(Value::Null) => {}
            Some(Value::Object(extensions)) => {
                if let Some(persisted) = extensions.get("persistedQuery") {
                    let hash = persisted
                        .get("sha256Hash")
                        .and_then(Value::as_str)
                        .filter(|_| persisted.get("version").and_then(Value::as_u64) == Some(1));
                    match hash {
                        Some(hash) => {
                            if id.as_ref().is_some_and(|known| {
                                persisted::document_key(known) != persisted::document_key(hash)
                            }) {
                                return Err(Refusal::bad_request(
                                    "`extensions.persistedQuery` and the document id name different documents",
                                ));
                            }
                            id = Some(hash.to_owned());
                            apq = true;
                        }
                        None => {
                            return Err(Refusal::bad_request(
                                "`extensions.persistedQuery` needs `version: 1` and a `sha256Hash`",
                            ));
                        }
                    }
                }
                for (key, value) in extensions {
                    let value = async_graphql::Value::from_json(value)
                        .map_err(|_| Refusal::bad_request("`extensions` must be a JSON object"))?;
                    request.extensions.insert(key, value);
                }
            }
            Some(_) => return Err(Refusal::bad_request("`extensions` must be a JSON object")),
        }
        if query.is_none() && id.is_none() {
            return Err(Refusal::bad_request(
                "the request has no `query` (nor a persisted query id)",
            ));
        }
        Ok(Self {
            request,
            query,
            id,
            apq,
        })
    }
}
