#include "alerts/Alerts.h"

#include "alerts/DesktopNotifier.h"

namespace tidemark {

QStringList dispatchAlert(const Alert &alert, const AlertSettings &settings)
{
    QStringList warnings;
    if (settings.desktop) {
        if (Status s = DesktopNotifier::notify(alert); !s)
            warnings << s.error().message;
    }
    if (!settings.webhook.isEmpty()) {
        if (Status s = Webhook::post(settings.webhook, alert, settings.webhookFormat); !s)
            warnings << s.error().message;
    }
    return warnings;
}

} // namespace tidemark
