#pragma once

#include "alerts/Alert.h"
#include "common/Error.h"

#include <QCoreApplication>

namespace tidemark {

/// Shows an alert as a desktop notification: a call of org.freedesktop.Notifications.Notify on the
/// session bus (the service every desktop's notification daemon provides), urgency critical for a
/// failure and normal for an overdue backup.
///
/// Each call opens a session-bus connection of its own, under a name of its own, and closes it
/// after: it works from any thread, and from a process that serves on the session bus itself.
class DesktopNotifier {
    Q_DECLARE_TR_FUNCTIONS(DesktopNotifier)

public:
    /// Blocking, up to `timeoutMs` for the daemon's answer. No session bus, or no notification
    /// daemon on it: an ErrorCode::Connection error saying so. (Reaching the bus is not bounded by
    /// `timeoutMs`: an address that names nothing fails at once.)
    [[nodiscard]] static Status notify(const Alert &alert, int timeoutMs = 5000);
};

} // namespace tidemark
