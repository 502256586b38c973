//! Deep Linking 2.0: the settings of an instructor's `LtiDeepLinkingRequest` carried through the
//! prompt picker (signed with the signing key, short-lived, so no storage is needed), and the
//! signed `LtiDeepLinkingResponse` holding one `ltiResourceLink` to the chosen prompt.

use base64::Engine as _;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::claims::LTI;
use super::keys::ToolKey;
use crate::auth::SigningKey;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
/// How long the picker may stay open.
const PICK_TTL_SECS: i64 = 3600;
pub const DL: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/";

/// What the response to a deep linking request must carry back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub registration_id: String,
    pub issuer: String,
    pub client_id: String,
    pub deployment_id: String,
    pub return_url: String,
    /// Opaque `data` the platform asked to get back.
    pub data: Option<Value>,
    pub member_id: String,
    pub exp: i64,
}

impl Request {
    /// Reads the deep linking settings of a launch; `None` without a return URL.
    pub fn of(l: &super::launch::Launch, member_id: &str) -> Option<Request> {
        let s = l.claims.deep_linking.as_ref()?;
        Some(Request {
            registration_id: l.registration.id.clone(),
            issuer: l.registration.issuer.clone(),
            client_id: l.registration.client_id.clone(),
            deployment_id: l.claims.deployment_id.clone(),
            return_url: s["deep_link_return_url"].as_str().filter(|u| u.starts_with("http"))?.to_owned(),
            data: s.get("data").cloned(),
            member_id: member_id.to_owned(),
            exp: Utc::now().timestamp() + PICK_TTL_SECS,
        })
    }

    /// The request as a signed, opaque form field.
    pub fn seal(&self, key: &SigningKey) -> String {
        let body = B64.encode(serde_json::to_vec(self).unwrap_or_default());
        let sig = B64.encode(key.sign(format!("lti-dl:{body}").as_bytes()));
        format!("{body}.{sig}")
    }

    /// A sealed request back, if it is authentic, unexpired and belongs to `member_id`.
    pub fn open(key: &SigningKey, sealed: &str, member_id: &str) -> Option<Request> {
        Request::open_any(key, sealed).filter(|r| r.member_id == member_id)
    }

    /// A sealed request back, if it is authentic and unexpired, whoever it was made for: the
    /// picker inside a frame whose browser dropped the session cookie has only this to show.
    pub fn open_any(key: &SigningKey, sealed: &str) -> Option<Request> {
        let (body, sig) = sealed.split_once('.')?;
        if !key.verify(format!("lti-dl:{body}").as_bytes(), &B64.decode(sig).ok()?) {
            return None;
        }
        let r: Request = serde_json::from_slice(&B64.decode(body).ok()?).ok()?;
        (r.exp > Utc::now().timestamp()).then_some(r)
    }
}

/// The signed `LtiDeepLinkingResponse` JWT linking `prompt_id` (titled `title`).
pub fn response(key: &ToolKey, r: &Request, public_url: &str, prompt_id: &str, title: &str) -> String {
    let now = Utc::now().timestamp();
    let mut nonce = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut nonce);
    let mut claims = json!({
        "iss": r.client_id,
        "aud": r.issuer,
        "iat": now,
        "exp": now + 600,
        "nonce": hex::encode(nonce),
        format!("{LTI}message_type"): "LtiDeepLinkingResponse",
        format!("{LTI}version"): "1.3.0",
        format!("{LTI}deployment_id"): r.deployment_id,
        format!("{DL}content_items"): [{
            "type": "ltiResourceLink",
            "title": title,
            "url": format!("{}/lti/launch", public_url.trim_end_matches('/')),
            "custom": { "prompt_id": prompt_id },
        }],
    });
    if let Some(d) = &r.data {
        claims[format!("{DL}data")] = d.clone();
    }
    key.sign(&claims)
}
