//! The one answer writer: an executed response straight to the bytes of its JSON body, `data`
//! written in the order of the compiled operation's selection ("Serialized Map Ordering") with
//! the specification's null propagation applied in the same pass ("Handling Field Errors":
//! an errored position becomes null; where its type is non-null, the null moves to the nearest
//! nullable enclosing position, and to `data` itself when there is none).
//!
//! async-graphql 7.2.1 inserts each object's fields as their resolvers finish, and drops the
//! key of an errored non-null field (or leaves a null item in a list of non-null items); this
//! writer corrects both without a second pass over the answer. Nullability comes from the
//! schema's shape (`shape`), read once per process.
//!
//! The fields that apply to an object depend on its runtime type where the selection has type
//! conditions (fragments on an interface or union). The compiled operation selects
//! `__typename` under `operation::RUNTIME_TYPE` wherever a value's type is abstract: the
//! writer reads it there, writes it only where the client selected `__typename` itself, and
//! never guesses a type from an object's keys.

use std::collections::HashMap;

use async_graphql::parser::types::{BaseType, Type};
use async_graphql::{Name, PathSegment, Response, ServerError, Value};

use super::compiled::{Compiled, Field, RUNTIME_TYPE};
use super::shape::Shape;

/// True for an answer refused before execution: errors, no data, no error with a path (and
/// not the one refusal met while executing, [`too_large`]).
pub fn is_request_error(response: &Response) -> bool {
    !response.errors.is_empty()
        && response.data == Value::Null
        && response.errors.iter().all(|e| e.path.is_empty())
        && !is_too_large(response)
}

/// The answer of an operation stopped because its answer grew past `max` bytes
/// (`--max-response-bytes`): `data` null, as for any error met during execution, and one
/// `OPERATION_LIMIT_EXCEEDED` error naming the limit `responseBytes`.
pub fn too_large(max: usize) -> Response {
    let error = ServerError::new(
        format!(
            "the answer grew past {max} bytes, the most this service sends (--max-response-bytes); select fewer fields or smaller pages"
        ),
        None,
    );
    Response::from_errors(vec![super::error_codes::with_limit(
        error,
        crate::error::Limit::ResponseBytes,
    )])
}

/// True for the answer of [`too_large`].
pub fn is_too_large(response: &Response) -> bool {
    response.errors.iter().any(|error| {
        error
            .extensions
            .as_ref()
            .and_then(|extensions| extensions.get("limit"))
            .is_some_and(|limit| *limit == Value::from(crate::error::Limit::ResponseBytes.as_str()))
    })
}

/// [`body`], unless it is longer than `max` bytes: then `Err` with the body of [`too_large`]
/// (the backstop of the bound counted during execution, `answer_budget`).
pub fn body_within(
    response: &Response,
    operation: Option<&Compiled>,
    shape: &Shape,
    max: usize,
) -> Result<Vec<u8>, Vec<u8>> {
    let written = body(response, operation, shape);
    if written.len() <= max {
        Ok(written)
    } else {
        Err(body(&too_large(max), None, shape))
    }
}

/// The JSON body of `response`: `data` (absent from a request error), then `extensions` and
/// `errors` where there are any. With `operation`, the operation the response executed,
/// `data` follows its selection and null propagation; without it, `data` is written as is.
pub fn body(response: &Response, operation: Option<&Compiled>, shape: &Shape) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    out.push(b'{');
    let mut first = true;
    if !is_request_error(response) {
        out.extend_from_slice(b"\"data\":");
        match operation {
            // A stopped answer has no data to write in the selection's shape.
            Some(operation) if !is_too_large(response) => {
                data(&mut out, response, operation, shape);
            }
            _ => scalar(&mut out, &response.data),
        }
        first = false;
    }
    if !response.extensions.is_empty() {
        if !first {
            out.push(b',');
        }
        out.extend_from_slice(b"\"extensions\":");
        serialize(&mut out, &response.extensions);
        first = false;
    }
    if !response.errors.is_empty() {
        if !first {
            out.push(b',');
        }
        out.extend_from_slice(b"\"errors\":");
        serialize(&mut out, &response.errors);
    }
    out.push(b'}');
    out
}

fn serialize(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    if serde_json::to_writer(&mut *out, value).is_err() {
        out.extend_from_slice(b"null");
    }
}

fn scalar(out: &mut Vec<u8>, value: &Value) {
    serialize(out, value);
}

/// Where errors happened, by path.
#[derive(Default)]
struct Errors {
    here: bool,
    keys: HashMap<String, Errors>,
    items: HashMap<usize, Errors>,
}

impl Errors {
    fn of(errors: &[ServerError]) -> Self {
        let mut root = Self::default();
        for error in errors.iter().filter(|e| !e.path.is_empty()) {
            let mut node = &mut root;
            for segment in &error.path {
                node = match segment {
                    PathSegment::Field(key) => node.keys.entry(key.clone()).or_default(),
                    PathSegment::Index(index) => node.items.entry(*index).or_default(),
                };
            }
            node.here = true;
        }
        root
    }

    /// The errors under the response key `key` of this object.
    fn key(&self, key: &str) -> Option<&Self> {
        self.keys.get(key)
    }

    /// The errors under item `index` of this list.
    fn item(&self, index: usize) -> Option<&Self> {
        self.items.get(&index)
    }
}

/// This position is null and its type is not: the null moves up.
struct NullMovesUp;

struct Writer<'a> {
    out: &'a mut Vec<u8>,
    shape: &'a Shape,
}

fn data(out: &mut Vec<u8>, response: &Response, operation: &Compiled, shape: &Shape) {
    let errors = Errors::of(&response.errors);
    let root: Vec<&Field> = operation.fields.iter().collect();
    let mut writer = Writer { out, shape };
    let start = writer.out.len();
    let written = match &response.data {
        // Every root field skipped: the root is an object, with nothing in it.
        Value::Null if response.errors.is_empty() => {
            writer.out.extend_from_slice(b"{}");
            Ok(())
        }
        Value::Object(_) => {
            writer.object(&response.data, operation.root_type(), &root, Some(&errors))
        }
        // async-graphql answers a null `data` when every root field it resolved errored; each
        // error names its field, so the root is written from them: null where the field is
        // nullable, the whole `data` null where one is not.
        Value::Null => {
            let root_object = Value::Object(Default::default());
            writer.object(&root_object, operation.root_type(), &root, Some(&errors))
        }
        _ => Err(NullMovesUp),
    };
    if written.is_err() {
        writer.out.truncate(start);
        writer.out.extend_from_slice(b"null");
    }
}

impl Writer<'_> {
    /// True where `ty` names an object, interface or union type (not a list, not a scalar).
    fn is_object_position(&self, ty: &Type) -> bool {
        matches!(&ty.base, BaseType::Named(name) if self.shape.is_composite(name))
    }

    /// The value at a position of type `ty`, selecting `fields` (for objects).
    fn position(
        &mut self,
        value: Option<&Value>,
        ty: &Type,
        fields: &[&Field],
        errors: Option<&Errors>,
    ) -> Result<(), NullMovesUp> {
        let start = self.out.len();
        let errored = errors.is_some_and(|e| e.here);
        let written = match value {
            // async-graphql answers null for an object none of whose selection applies (all
            // skipped, or only fragments on other types of a union or interface); the
            // specification's answer is an empty object. Such a null is told apart from a
            // resolver's by where it is: at a non-null object position, with no error.
            Some(Value::Null) if !errored && !ty.nullable && self.is_object_position(ty) => {
                self.out.extend_from_slice(b"{}");
                Ok(())
            }
            None | Some(Value::Null) => Err(NullMovesUp),
            _ if errored => Err(NullMovesUp),
            Some(value) => match &ty.base {
                BaseType::List(item) => self.list(value, item, fields, errors),
                BaseType::Named(name) if self.shape.is_composite(name) => {
                    self.object(value, name, fields, errors)
                }
                BaseType::Named(_) => {
                    scalar(self.out, value);
                    Ok(())
                }
            },
        };
        match written {
            Ok(()) => Ok(()),
            Err(NullMovesUp) if ty.nullable => {
                self.out.truncate(start);
                self.out.extend_from_slice(b"null");
                Ok(())
            }
            Err(NullMovesUp) => Err(NullMovesUp),
        }
    }

    fn list(
        &mut self,
        value: &Value,
        item: &Type,
        fields: &[&Field],
        errors: Option<&Errors>,
    ) -> Result<(), NullMovesUp> {
        let Value::List(items) = value else {
            // A single value where a list is declared: written as it is.
            scalar(self.out, value);
            return Ok(());
        };
        self.out.push(b'[');
        for (index, value) in items.iter().enumerate() {
            if index > 0 {
                self.out.push(b',');
            }
            let errors = errors.and_then(|e| e.item(index));
            self.position(Some(value), item, fields, errors)?;
        }
        self.out.push(b']');
        Ok(())
    }

    fn object(
        &mut self,
        value: &Value,
        declared: &str,
        fields: &[&Field],
        errors: Option<&Errors>,
    ) -> Result<(), NullMovesUp> {
        let Value::Object(map) = value else {
            scalar(self.out, value);
            return Ok(());
        };
        let errored = |key: &Name| errors.and_then(|e| e.key(key)).is_some_and(|e| e.here);
        let shape = self.shape;
        let runtime = runtime_type(declared, map);
        let keys = applicable(fields, runtime, shape);
        self.out.push(b'{');
        let mut first = true;
        for (key, selected) in &keys {
            if selected[0].is_runtime_type() {
                continue;
            }
            let present = map.get(*key);
            if present.is_none() && !errored(key) {
                // Not answered (a type condition that does not apply): not written.
                continue;
            }
            if !first {
                self.out.push(b',');
            }
            first = false;
            serialize(self.out, &key.as_str());
            self.out.push(b':');
            let field = selected[0];
            let on = field.selected_on(runtime);
            let children: Vec<&Field> = selected.iter().flat_map(|f| &f.children).collect();
            let child_errors = errors.and_then(|e| e.key(key));
            match shape.field(on, &field.name) {
                Some(meta) => self.position(present, &meta.ty, &children, child_errors)?,
                // `__typename` and introspection: written as executed.
                None => match present {
                    Some(value) => scalar(self.out, value),
                    None => self.out.extend_from_slice(b"null"),
                },
            }
        }
        self.out.push(b'}');
        Ok(())
    }
}

/// The runtime type of an object of `declared` type: the `__typename` the compiled operation
/// selected under `RUNTIME_TYPE` where the type is abstract, else the declared type.
fn runtime_type<'t>(
    declared: &'t str,
    map: &'t async_graphql::indexmap::IndexMap<Name, Value>,
) -> &'t str {
    match map.get(RUNTIME_TYPE) {
        Some(Value::String(runtime)) => runtime,
        _ => declared,
    }
}

/// The response keys that apply to an object of type `runtime`, in selection order, each with
/// the fields selected under it.
fn applicable<'f>(
    fields: &[&'f Field],
    runtime: &str,
    shape: &Shape,
) -> Vec<(&'f Name, Vec<&'f Field>)> {
    let mut keys: Vec<(&Name, Vec<&Field>)> = Vec::new();
    for field in fields {
        let applies = field
            .conditions
            .iter()
            .all(|condition| condition.as_str() == runtime || shape.applies(condition, runtime));
        if !applies {
            continue;
        }
        match keys.iter_mut().find(|(key, _)| *key == &field.key) {
            Some((_, selected)) => selected.push(field),
            None => keys.push((&field.key, vec![field])),
        }
    }
    keys
}
