//! The LTI 1.3 claims a launch carries, read from a verified id_token: what is required (version
//! 1.3.0, a known message type, deployment, `sub`, `roles`, the resource link of a resource
//! link launch), and what Crosstalk uses (context, person, locale, custom, services).

use serde_json::Value;

use crate::members::Role;

pub const LTI: &str = "https://purl.imsglobal.org/spec/lti/claim/";
pub const DL_SETTINGS: &str = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
pub const NRPS: &str = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
pub const AGS: &str = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageType {
    ResourceLink,
    DeepLinking,
}

/// A required claim that is missing or wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Version,
    MessageType,
    DeploymentId,
    Sub,
    Roles,
    ResourceLink,
    Context,
    DeepLinkingSettings,
}

impl Missing {
    pub fn code(self) -> &'static str {
        match self {
            Missing::Version => "wrong_version",
            Missing::MessageType => "unknown_message_type",
            Missing::DeploymentId => "missing_deployment_id",
            Missing::Sub => "missing_sub",
            Missing::Roles => "missing_roles",
            Missing::ResourceLink => "missing_resource_link",
            Missing::Context => "missing_context",
            Missing::DeepLinkingSettings => "missing_deep_linking_settings",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Claims {
    pub message_type: MessageType,
    pub deployment_id: String,
    pub sub: String,
    pub roles: Vec<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub locale: Option<String>,
    pub context_id: String,
    pub context_title: Option<String>,
    pub resource_link_id: Option<String>,
    /// `custom.prompt_id` of a link made by deep linking.
    pub prompt_id: Option<String>,
    pub deep_linking: Option<Value>,
    pub nrps_url: Option<String>,
    pub lineitem_url: Option<String>,
}

fn lti<'a>(c: &'a Value, name: &str) -> &'a Value {
    c.get(format!("{LTI}{name}")).unwrap_or(&Value::Null)
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

impl Claims {
    pub fn read(c: &Value) -> Result<Claims, Missing> {
        if lti(c, "version").as_str() != Some("1.3.0") {
            return Err(Missing::Version);
        }
        let message_type = match lti(c, "message_type").as_str() {
            Some("LtiResourceLinkRequest") => MessageType::ResourceLink,
            Some("LtiDeepLinkingRequest") => MessageType::DeepLinking,
            _ => return Err(Missing::MessageType),
        };
        let deployment_id = text(lti(c, "deployment_id")).ok_or(Missing::DeploymentId)?;
        let sub = text(&c["sub"]).filter(|s| s.len() <= 200).ok_or(Missing::Sub)?;
        let roles = lti(c, "roles").as_array().ok_or(Missing::Roles)?;
        let roles = roles.iter().filter_map(Value::as_str).map(str::to_owned).collect();
        let resource_link_id = text(&lti(c, "resource_link")["id"]);
        if message_type == MessageType::ResourceLink && resource_link_id.is_none() {
            return Err(Missing::ResourceLink);
        }
        let deep_linking = c.get(DL_SETTINGS).filter(|v| v.is_object()).cloned();
        if message_type == MessageType::DeepLinking && deep_linking.is_none() {
            return Err(Missing::DeepLinkingSettings);
        }
        let context = lti(c, "context");
        let context_id = text(&context["id"]).ok_or(Missing::Context)?;
        let context_title = text(&context["title"]).or_else(|| text(&context["label"]));
        let name = text(&c["name"]).or_else(|| {
            let full = [text(&c["given_name"]), text(&c["family_name"])].into_iter().flatten().collect::<Vec<_>>();
            (!full.is_empty()).then(|| full.join(" "))
        });
        Ok(Claims {
            message_type,
            deployment_id,
            sub,
            roles,
            name,
            email: text(&c["email"]),
            locale: text(&lti(c, "launch_presentation")["locale"]).or_else(|| text(&c["locale"])),
            context_id,
            context_title,
            resource_link_id,
            prompt_id: text(&lti(c, "custom")["prompt_id"]),
            deep_linking,
            nrps_url: text(&c[NRPS]["context_memberships_url"]),
            lineitem_url: text(&c[AGS]["lineitem"]),
        })
    }

    pub fn role(&self) -> Role {
        role_of(&self.roles)
    }
}

/// Learner unless the person is an Instructor, TeachingAssistant or Mentor in the context
/// (full `membership#Role` URIs, sub-roles `membership/Instructor#TeachingAssistant`, or the
/// short names LTI 1.3 allows).
pub fn role_of(roles: &[String]) -> Role {
    let staff = roles.iter().any(|r| {
        let name = r.rsplit(['#', '/']).next().unwrap_or(r);
        let context_role = !r.contains("/system/") && !r.contains("/institution/");
        context_role && matches!(name, "Instructor" | "TeachingAssistant" | "Mentor")
    });
    if staff {
        Role::Facilitator
    } else {
        Role::Learner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_map_to_learner_or_facilitator() {
        let r = |v: &[&str]| role_of(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let m = "http://purl.imsglobal.org/vocab/lis/v2/membership";
        assert_eq!(r(&[&format!("{m}#Learner")]), Role::Learner);
        assert_eq!(r(&[&format!("{m}#Instructor")]), Role::Facilitator);
        assert_eq!(r(&[&format!("{m}/Instructor#TeachingAssistant")]), Role::Facilitator);
        assert_eq!(r(&[&format!("{m}#Mentor")]), Role::Facilitator);
        assert_eq!(r(&["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"]), Role::Learner);
        assert_eq!(r(&[]), Role::Learner);
    }
}
