//! Desktop notifications for reminders. The window words them (in the user's
//! language, from its dictionaries) and asks the shell to show them; the shell
//! shows them through the desktop's notification service and, when one is
//! clicked, brings the window forward and tells it which reminder to open
//! (the `open_reminder` event).

use serde::Serialize;
use tauri::{Emitter, Manager};

/// The `open_reminder` event: the reminder whose notification was clicked.
pub const OPEN_REMINDER: &str = "open_reminder";

#[derive(Debug, Clone, Serialize)]
struct OpenReminder {
    id: i64,
}

/// Shows one notification. A desktop without a notification service is not
/// an error the user can act on: the reminder is on Today all the same.
pub fn show(app: &tauri::AppHandle, title: &str, body: &str, reminder: Option<i64>) {
    let mut n = notify_rust::Notification::new();
    n.appname("Folio").summary(title).body(body);
    if reminder.is_some() {
        // "default" is the action a click on the notification itself invokes.
        n.action("default", title);
    }
    let app = app.clone();
    // Waiting for a click blocks, so each notification waits on a thread of its own.
    std::thread::spawn(move || {
        let Ok(handle) = n.show() else { return };
        #[cfg(all(unix, not(target_os = "macos")))]
        if let Some(id) = reminder {
            handle.wait_for_action(|action| {
                if action == "default" {
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                    let _ = app.emit(OPEN_REMINDER, OpenReminder { id });
                }
            });
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = (handle, reminder, app);
    });
}
