#![allow(clippy::expect_used, clippy::unwrap_used)]
//! The SECOM hierarchy: parent links found by name and key identifier and
//! confirmed by signature, with the cross-certificate and the reissued CAs.

mod common;

use registry::import::ImportOptions;
use registry::{FixedClock, Registry};

const ROOT_CA2: &str = "513B2CECB810D4CDE5DD85391ADFC6C2DD60D87BB736D2B521484AA47A0EBEF6";
const ROOT_CA1: &str = "E75E72ED9F560EEC6EB4800073A43FC3AD19195A392282017895974A99026B6C";
const ROOT_CA2_CROSS: &str = "C415CEBFA3FC2EF3C74092B84265BAD64C3FC9994C91177965667D7ABEE90588";
const SUREMAIL_G5: &str = "995C3C64F32348142BF1EBEAF7370781A1C30682DE02AD85FB2700CE1395F737";
const SUREMAIL_G5_OTHER: &str = "5285CFADE33A396D22C8FF2368A9143821B3F1B0FF527F8883B36BB8A9E95A47";
const SUREMAIL_G4_2019: &str = "73609E68EEAA8B52808CB503FB8EA64EDD38923DA9C55AE788051AB416DD759E";
const SUREMAIL_G4_2023: &str = "BEA27C18D65948D8C61D582447B3747774609391A7E961CFA82331070BA6E77E";
const SURESERVER_G4_2019: &str = "0207056D172C80BDFB6DC45BE9E5808846078D1E6EEF1B6ED70259AB332A64C1";
const SURESERVER_G4_2023: &str = "8346922CB8730BB6AE71AB03BFC42462F4160423D9079BE64385621AC5877672";
const SURESERVER_EV_G3_2019: &str =
    "FECE9ADA7AA49D4FEA9EFF123542095A880C004FD6933F9364B02B2E3574EA38";
const SURESERVER_EV_G3_2023: &str =
    "B723273A3506C6BED85F083DA562734BE09F2C47ADE47317831D63AA8BE278A5";
const SMIME_ROOT_2024_CROSS: &str =
    "F40B41A46A5646A45F51AE0DE2B7263E4F3B6EBAC795B539DB3811F4B4333A79";
const LEAF_YAHOO_2025: &str = "162AB595219FDC1B80385178226F9454E7F50D0C500B239658FC793BA5345661";

async fn import_secom(reg: &Registry) {
    let dir = common::corpus("secom").unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pem"))
        .filter(|p| !p.to_string_lossy().contains("bundle"))
        .collect();
    files.sort();
    // The root first would be the natural order; import in reverse to show
    // that links are found whichever side arrives first.
    files.reverse();
    for f in files {
        let r = reg
            .import_pem(
                &f,
                &FixedClock(common::day("2026-01-01")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert!(r.errors.is_empty(), "{}: {:?}", f.display(), r.errors);
    }
}

fn child_shas(node: &registry::view::TreeNode) -> Vec<&str> {
    node.children.iter().map(|c| c.sha256.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn secom_parent_links_are_verified() {
    if common::corpus("secom").is_none() {
        return;
    }
    for (backend, reg) in common::backends("hierarchy").await {
        import_secom(&reg).await;
        let tree = reg.tree(ROOT_CA2, true).await.unwrap();
        let kids = child_shas(&tree);
        for want in [
            SUREMAIL_G5,
            SUREMAIL_G4_2019,
            SUREMAIL_G4_2023,
            SURESERVER_G4_2019,
            SURESERVER_G4_2023,
            SURESERVER_EV_G3_2019,
            SURESERVER_EV_G3_2023,
            SMIME_ROOT_2024_CROSS,
        ] {
            assert!(
                kids.contains(&want),
                "{backend}: {want} under RootCA2: {kids:?}"
            );
        }
        assert!(
            !kids.contains(&SUREMAIL_G5_OTHER),
            "{backend}: same-name G5 is not under RootCA2"
        );
        assert!(tree.children.iter().all(|c| c.verified), "{backend}");

        // The other SureMail CA G5 (SecureSign Root CA12) is a separate node
        // with no verified parent here (its root is not imported).
        let view = reg
            .view(SUREMAIL_G5_OTHER, common::day("2026-01-01"))
            .await
            .unwrap();
        assert!(view.parents.is_empty(), "{backend}: {:?}", view.parents);
        let g5 = reg
            .view(SUREMAIL_G5, common::day("2026-01-01"))
            .await
            .unwrap();
        let parents: Vec<&str> = g5.parents.iter().map(|p| p.0.as_str()).collect();
        // G5's parents: the RootCA2 self-signed root and RootCA2's cross-certificate
        // from RootCA1 (same subject and key).
        assert!(parents.contains(&ROOT_CA2), "{backend}: {parents:?}");
        assert!(parents.contains(&ROOT_CA2_CROSS), "{backend}: {parents:?}");
        assert_eq!(parents.len(), 2, "{backend}: {parents:?}");
        assert!(g5.parents.iter().all(|p| p.2));

        // RootCA1 -> cross-certificate -> (RootCA2's key) -> the sub-CAs.
        let t1 = reg.tree(ROOT_CA1, true).await.unwrap();
        assert_eq!(child_shas(&t1), vec![ROOT_CA2_CROSS], "{backend}");
        let cross = &t1.children[0];
        assert!(child_shas(cross).contains(&SUREMAIL_G5), "{backend}");
        // RootCA2 self-signed is not a child of RootCA1 (different signature).
        assert!(!child_shas(cross).contains(&ROOT_CA2));

        // Reissued CAs: two certificates, one key, each with the same children.
        let g4a = reg
            .view(SURESERVER_G4_2019, common::day("2026-01-01"))
            .await
            .unwrap();
        let g4b = reg
            .view(SURESERVER_G4_2023, common::day("2026-01-01"))
            .await
            .unwrap();
        assert_eq!(
            g4a.certificate.spki_sha256, g4b.certificate.spki_sha256,
            "{backend}: the reissuances share their key"
        );
        for v in [&g4a, &g4b] {
            let kids: Vec<&str> = v.children.iter().map(|c| c.0.as_str()).collect();
            assert!(kids.contains(&LEAF_YAHOO_2025), "{backend}: {kids:?}");
        }
        // Trust bits: SureMail is e-mail only, SureServer server only.
        assert!(
            g5.certificate.trust_email && !g5.certificate.trust_server,
            "{backend}"
        );
        assert!(
            g4a.certificate.trust_server && !g4a.certificate.trust_email,
            "{backend}"
        );
        assert!(!g5.certificate.technically_constrained);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn secom_import_is_idempotent_and_searchable() {
    if common::corpus("secom").is_none() {
        return;
    }
    for (backend, reg) in common::backends("secom-idem").await {
        import_secom(&reg).await;
        let before = reg.counts().await.unwrap();
        let bundle = common::corpus("secom/ccadb_secom_cybertrust_family_bundle.pem").unwrap();
        let r = reg
            .import_pem(
                &bundle,
                &FixedClock(common::day("2026-01-02")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert!(r.errors.is_empty(), "{backend}: {:?}", r.errors);
        assert_eq!(r.rows, 215, "{backend}");
        let mid = reg.counts().await.unwrap();
        assert!(mid.certificates > before.certificates);
        let again = reg
            .import_pem(
                &bundle,
                &FixedClock(common::day("2026-01-03")),
                ImportOptions::default(),
            )
            .await
            .unwrap();
        assert_eq!(again.created + again.updated, 0, "{backend}: {again:?}");
        assert_eq!(
            reg.counts().await.unwrap(),
            mid,
            "{backend}: second import changes nothing"
        );

        // Search: SHA-256 in lower case with colons, SHA-1, SKI, serial, text.
        let colon = SUREMAIL_G5
            .to_lowercase()
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(":");
        let hits = reg.search(&colon).await.unwrap();
        assert_eq!(hits.len(), 1, "{backend}");
        let g5 = &hits[0];
        assert_eq!(g5.sha256, SUREMAIL_G5);
        let sha1 = g5.sha1.clone().unwrap().to_lowercase();
        assert_eq!(reg.search(&sha1).await.unwrap()[0].sha256, SUREMAIL_G5);
        let serial = g5.serial.clone().unwrap();
        assert_eq!(reg.search(&serial).await.unwrap()[0].sha256, SUREMAIL_G5);
        let ski = g5.ski.clone().unwrap();
        assert!(
            reg.search(&ski)
                .await
                .unwrap()
                .iter()
                .any(|c| c.sha256 == SUREMAIL_G5)
        );
        let text = reg.search("surEmail CA G5").await.unwrap();
        let shas: Vec<&str> = text.iter().map(|c| c.sha256.as_str()).collect();
        assert!(
            shas.contains(&SUREMAIL_G5) && shas.contains(&SUREMAIL_G5_OTHER),
            "{backend}: {shas:?}"
        );
        let history = reg.history("certificate", SUREMAIL_G5).await.unwrap();
        assert_eq!(history.len(), 1, "{backend}: one version");
    }
}

/// A view can list the first children only, with the total: RootCA2 issued
/// several CAs; limited to two, the view lists the first two by fingerprint
/// and still counts them all, and its parents are unaffected.
#[tokio::test]
async fn view_limits_children_and_counts_them() {
    if common::corpus("secom").is_none() {
        return;
    }
    for (backend, reg) in common::backends("view-limit").await {
        import_secom(&reg).await;
        let day = common::day("2026-01-01");
        let all = reg.view(ROOT_CA2, day).await.unwrap();
        assert!(all.children.len() > 2, "{backend}: {}", all.children.len());
        assert_eq!(all.children_total, all.children.len(), "{backend}");
        let some = reg.view_limited(ROOT_CA2, day, 2).await.unwrap();
        assert_eq!(some.children.len(), 2, "{backend}");
        assert_eq!(some.children_total, all.children_total, "{backend}");
        let mut first: Vec<_> = all.children.iter().map(|c| c.0.clone()).collect();
        first.sort();
        first.truncate(2);
        let got: Vec<_> = some.children.iter().map(|c| c.0.clone()).collect();
        assert_eq!(got, first, "{backend}");
        assert_eq!(some.parents, all.parents, "{backend}");
        // Parents are listed whatever the limit (G5's: RootCA2 and its cross-certificate, one key).
        let g5 = reg.view_limited(SUREMAIL_G5, day, 0).await.unwrap();
        assert_eq!(
            g5.parents,
            reg.view(SUREMAIL_G5, day).await.unwrap().parents,
            "{backend}"
        );
        assert!(g5.parents.iter().any(|p| p.0 == ROOT_CA2), "{backend}");
    }
}
