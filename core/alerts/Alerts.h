#pragma once

#include "alerts/Alert.h"
#include "alerts/Webhook.h"

#include <QStringList>
#include <QUrl>

namespace tidemark {

/// The ways an alert goes out.
struct AlertSettings {
    bool desktop = true; ///< A desktop notification (DesktopNotifier).
    QUrl webhook;        ///< A POST to this URL (Webhook); empty: none.
    Webhook::Format webhookFormat = Webhook::Format::Json;
};

/// Sends `alert` every way `settings` names, one after the other (blocking: a worker thread or
/// the CLI). Never fails: returns one warning line per way that failed ("Desktop notification not
/// sent: …", "Webhook … not delivered after 3 tries: …"), for the caller to log. A desktop
/// notification that finds no session bus is one such warning.
[[nodiscard]] QStringList dispatchAlert(const Alert &alert, const AlertSettings &settings);

} // namespace tidemark
