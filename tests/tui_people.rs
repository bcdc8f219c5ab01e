//! Who is working, as a centre with several people needs it: `w` on the list offers the
//! people of the database and "someone new" (a second tutor or assessor joins the same
//! centre), esc goes back unchanged; the role typed is whole words; ctrl chords edit a
//! field instead of typing letters; a tutor who handed a candidate on opens no form.

use leverup::store::{Role, Store};
use leverup::ui::app::Overlay;
use leverup::ui::testing::{app_at_test_time, first_run_as, keys, type_text};
use leverup::ui::{App, Screen, Theme};

fn app() -> App {
    app_at_test_time(Store::open_in_memory().unwrap(), Theme::plain())
}

fn roles(a: &App, name: &str) -> Vec<Role> {
    let s = a.session.as_ref().unwrap();
    let store = a.store();
    let (person, _) = store
        .people_with_centre(Role::Tutor)
        .unwrap()
        .into_iter()
        .chain(store.people_with_centre(Role::Assessor).unwrap())
        .find(|(p, _)| p.name == name)
        .expect("registered");
    store.roles_of(&person.id, &s.centre_id).unwrap()
}

#[test]
fn w_lets_someone_new_join_the_centre_and_esc_goes_back() {
    let mut a = app();
    first_run_as(&mut a, "Centro Milano", "Anna Assessor", "assessor");
    assert_eq!(a.screen(), Screen::Candidates);

    // Esc from the people offered, then from the form: back to Anna's list.
    keys(&mut a, "w");
    assert!(matches!(a.overlay, Some(Overlay::PickPerson { .. })));
    keys(&mut a, "esc esc");
    assert_eq!(a.screen(), Screen::Candidates);
    assert_eq!(a.session.as_ref().unwrap().assessor_name, "Anna Assessor");

    // Someone new: the centre is filled in; Tom types his name and "tutor" over the
    // prefilled role, after clearing it with ctrl-u.
    keys(&mut a, "w down enter");
    type_text(&mut a, "Tom Tutor");
    keys(&mut a, "tab ctrl-u");
    type_text(&mut a, "tutor");
    keys(&mut a, "enter");
    assert_eq!(a.screen(), Screen::Candidates);
    let s = a.session.clone().unwrap();
    assert_eq!(
        (s.assessor_name.as_str(), s.tutor, s.assessor),
        ("Tom Tutor", true, false)
    );
    assert_eq!(roles(&a, "Tom Tutor"), [Role::Tutor]);

    // Both are offered next time, and picking Anna makes her the one working again.
    keys(&mut a, "w");
    let Some(Overlay::PickPerson { people, .. }) = &a.overlay else {
        panic!("{:?}", a.overlay);
    };
    let names: Vec<&str> = people.iter().map(|p| p.1.as_str()).collect();
    assert!(
        names.contains(&"Anna Assessor") && names.contains(&"Tom Tutor"),
        "{names:?}"
    );
    let anna = names.iter().position(|n| *n == "Anna Assessor").unwrap();
    for _ in 0..anna {
        keys(&mut a, "down");
    }
    keys(&mut a, "enter");
    assert_eq!(a.session.as_ref().unwrap().assessor_name, "Anna Assessor");
}

/// "assessor" is prefilled: typing "tutor" after it is no role (not both by accident),
/// and a ctrl or alt chord never types its letter.
#[test]
fn the_role_is_whole_words_and_chords_type_nothing() {
    let mut a = app();
    type_text(&mut a, "Centro Milano");
    keys(&mut a, "tab");
    type_text(&mut a, "Bea");
    keys(&mut a, "ctrl-a alt-x tab");
    type_text(&mut a, "tutor");
    keys(&mut a, "enter");
    assert_eq!(a.screen(), Screen::FirstRun, "assessortutor is no role");
    let form = a.view.first_run_form().unwrap().clone();
    assert_eq!(form.value(1), "Bea");
    assert!(
        form.error.as_deref().unwrap_or("").contains("ctrl-u"),
        "{:?}",
        form.error
    );
    keys(&mut a, "ctrl-u");
    type_text(&mut a, "tutor and assessor");
    keys(&mut a, "enter");
    assert_eq!(a.screen(), Screen::Candidates);
    let s = a.session.as_ref().unwrap();
    assert!(s.tutor && s.assessor);
}
