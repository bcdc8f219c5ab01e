//! One real credential, signed with a key generated for the run, in each form `verify`
//! reads: the .jwt, the .json written beside it, the baked .svg, and an SVG carrying the
//! credential as CDATA instead of in a `verify` attribute.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::Value;

use leverup::datafile::load_embedded;
use leverup::domain::scales::{Complexity, ComplexityProfile, OutcomeLevel};
use leverup::export::badge::PublicJwk;
use leverup::export::badge::{BadgeInput, IssuedBadge, IssuerProfile, ModelParts, SigningKey};

pub struct Fixture {
    pub trusted: PublicJwk,
    pub credential: Value,
    /// (what, bytes) of every form.
    pub forms: Vec<(&'static str, String)>,
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0)
        .single()
        .expect("valid date")
}

pub fn now() -> DateTime<Utc> {
    t0() + Duration::days(30)
}

fn input() -> BadgeInput {
    let model = load_embedded();
    let competence = model.competences[0].clone();
    let complexity = ComplexityProfile {
        context: Complexity::MidHigh,
        task: Complexity::MidLow,
        autonomy: Complexity::High,
    };
    let parts = ModelParts::of(&model, &competence, &complexity);
    BadgeInput {
        credential_id: "urn:uuid:5f0c1d6e-8a44-4a57-9d0c-0b5f2b7b8a11".into(),
        certificate_id: "3b8e6c1a-2f8d-4d0b-9a6e-1c2d3e4f5a6b".into(),
        issuer: IssuerProfile {
            id: "https://centre.example.org".into(),
            name: "Centro <Volontariato> & Milano 😀".into(),
            url: "https://centre.example.org".into(),
            email: "validation@centre.example.org".into(),
        },
        subject_id: "urn:uuid:0e6c8f36-3c55-4c1b-8f0a-7f3b1d2c4e5f".into(),
        recipient_email: Some("Ana.Rossi@example.org".into()),
        salt: "c2FsdA".into(),
        competence,
        cluster_name: parts.cluster_name,
        key_competences: parts.key_competences,
        level: OutcomeLevel::Accomplished,
        complexity,
        eqf_band: parts.eqf_band,
        dimension_scales: parts.dimension_scales,
        reasons: "Led the weekly rota for two years; references confirm.".into(),
        assessor_name: "Marco Bianchi".into(),
        assessed_on: NaiveDate::from_ymd_opt(2025, 3, 14).expect("date"),
        valid_from: t0(),
        valid_until: None,
        model_id: model.id.clone(),
        model_version: model.version.clone(),
        model_url: "https://leverup.example.org/model".into(),
        image: None,
        status: None,
    }
}

pub fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let key = SigningKey::generate();
        let badge = IssuedBadge::issue(&input(), &key, None).expect("issue");
        // The JSON form `verify` reads on its own: the credential with its JWT (files from
        // before the bare .json, and what a wallet may hand over).
        let json =
            serde_json::json!({ "credential": badge.credential, "jwt": badge.jwt }).to_string();
        let cdata = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" \
             xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">\
             <openbadges:credential><![CDATA[{json}]]></openbadges:credential></svg>"
        );
        Fixture {
            trusted: key.public(),
            credential: badge.credential.clone(),
            forms: vec![
                ("jwt", badge.jwt.clone()),
                ("json", json),
                ("svg", badge.svg.clone()),
                ("svg-cdata", cdata),
            ],
        }
    })
}
