#include "alerts/DesktopNotifier.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QStringList>
#include <QVariantMap>

namespace tidemark {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");

/// A session-bus connection of its own for the life of a call, closed after.
class OwnConnection {
public:
    OwnConnection()
        : m_name(QStringLiteral("tidemark-notify-%1").arg(counter().fetchAndAddRelaxed(1))),
          m_connection(QDBusConnection::connectToBus(QDBusConnection::SessionBus, m_name))
    {
    }
    ~OwnConnection()
    {
        m_connection = QDBusConnection(QString());
        QDBusConnection::disconnectFromBus(m_name);
    }
    OwnConnection(const OwnConnection &) = delete;
    OwnConnection &operator=(const OwnConnection &) = delete;
    QDBusConnection &get() { return m_connection; }

private:
    static QAtomicInteger<quint64> &counter()
    {
        static QAtomicInteger<quint64> c;
        return c;
    }
    QString m_name;
    QDBusConnection m_connection;
};

Error notSent(const QString &why, const QString &hint)
{
    return makeError(ErrorCode::Connection, DesktopNotifier::tr("Desktop notification not sent: %1").arg(why), hint);
}

} // namespace

Status DesktopNotifier::notify(const Alert &alert, int timeoutMs)
{
    if (QCoreApplication::instance() == nullptr)
        return notSent(tr("the process has no QCoreApplication"), {});
    OwnConnection connection;
    if (!connection.get().isConnected()) {
        const QDBusError error = connection.get().lastError();
        return notSent(tr("no D-Bus session bus (%1)")
                           .arg(error.isValid() ? error.message() : tr("DBUS_SESSION_BUS_ADDRESS is not set")),
                       tr("No desktop session: set a webhook or the metrics file instead."));
    }
    QDBusMessage call = QDBusMessage::createMethodCall(kService, QStringLiteral("/org/freedesktop/Notifications"),
                                                       kService, QStringLiteral("Notify"));
    const QVariantMap hints{
        {QStringLiteral("urgency"), QVariant::fromValue<uchar>(alert.kind == Alert::Kind::Failed ? 2 : 1)}};
    call << QStringLiteral("Tidemark") << QVariant::fromValue<uint>(0) << QStringLiteral("tidemark") << alert.title()
         << alert.text() << QStringList() << hints << -1;
    const QDBusMessage reply = connection.get().call(call, QDBus::Block, timeoutMs);
    if (reply.type() == QDBusMessage::ReplyMessage)
        return {};
    const QString name = reply.errorName();
    if (name == QLatin1String("org.freedesktop.DBus.Error.ServiceUnknown") ||
        name == QLatin1String("org.freedesktop.DBus.Error.NameHasNoOwner"))
        return notSent(tr("no notification daemon runs on the session bus (%1)").arg(reply.errorMessage()),
                       tr("No desktop session with notifications: start one, or set a webhook or the metrics file "
                          "instead."));
    if (name == QLatin1String("org.freedesktop.DBus.Error.NoReply") ||
        name == QLatin1String("org.freedesktop.DBus.Error.Timeout"))
        return notSent(tr("the notification daemon did not answer within %1 ms").arg(timeoutMs),
                       tr("Check the desktop's notification daemon, or set a webhook or the metrics file instead."));
    return notSent(tr("%1: %2").arg(name, reply.errorMessage()),
                   tr("Check the desktop's notification daemon, or set a webhook or the metrics file instead."));
}

} // namespace tidemark
