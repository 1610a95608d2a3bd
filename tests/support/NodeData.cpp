#include "NodeData.h"

#include <QCoreApplication>
#include <QSettings>

#include <algorithm>

#include <pwd.h>
#include <unistd.h>

bool NodeData::createDatabase(NodeProcess &node, const QString &db)
{
    return node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+%1").arg(db)).status == 200;
}

bool NodeData::writeMegabytes(NodeProcess &node, const QString &db, int megabytes, int day)
{
    static int serial = 0;
    const QByteArray payload(1024, 'x');
    const qint64 dayNs = 86400LL * 1000000000;
    constexpr int kLinesPerBatch = 4000; // ~4 MB per request
    const int batches = std::max(1, megabytes * 1024 / kLinesPerBatch);
    for (int b = 0; b < batches; ++b) {
        QByteArray body;
        body.reserve(kLinesPerBatch * 1100);
        for (int j = 0; j < kLinesPerBatch; ++j) {
            const int n = ++serial;
            body += "big,host=h" + QByteArray::number(j % 16) + " v=" + QByteArray::number(n) + ",s=\"" + payload +
                    "\" " + QByteArray::number(day * dayNs + qint64{n} * 1000) + '\n';
        }
        if (node.request("POST", QStringLiteral("/write?db=%1").arg(db), body).status != 204)
            return false;
    }
    return true;
}

void NodeData::isolateSettings(const QString &dir)
{
    QCoreApplication::setOrganizationName(QStringLiteral("tidemark-test"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    QSettings().clear();
}

QString NodeData::currentUser()
{
    const struct passwd *user = ::getpwuid(::geteuid());
    return user ? QString::fromLocal8Bit(user->pw_name) : QString();
}
