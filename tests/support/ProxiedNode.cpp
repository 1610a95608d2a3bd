#include "ProxiedNode.h"

#include "Workload.h"

#include <QDir>

namespace tidemark::test {

bool ProxiedNode::start(int bulkKiB, QString *error)
{
    if (!m_node.start(error))
        return false;
    if (m_node.request("POST", QStringLiteral("/query?q=CREATE+DATABASE+hot")).status != 200) {
        *error = QStringLiteral("CREATE DATABASE hot failed");
        return false;
    }
    QByteArray bulk;
    for (int i = 0; i < bulkKiB; ++i)
        bulk += "bulk,i=" + QByteArray::number(i) + " s=\"" + QByteArray(1000, 'x') + "\" " +
                QByteArray::number(10 * kDayNs + i) + '\n';
    if (m_node.request("POST", QStringLiteral("/write?db=hot"), bulk).status != 204) {
        *error = QStringLiteral("writing the bulk failed");
        return false;
    }
    m_proxy = std::make_unique<FaultProxy>(m_node.snapshotPort());
    return m_proxy->start(error);
}

bool ProxiedNode::restart(QString *error)
{
    m_node.kill();
    if (!m_node.start(error))
        return false;
    m_proxy->setTargetPort(m_node.snapshotPort());
    return true;
}

int ProxiedNode::stop()
{
    m_proxy.reset();
    return m_node.stop();
}

QStringList ProxiedNode::stagingEntries() const
{
    return QDir(m_node.dataDir() + QStringLiteral("/.staging")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
}

} // namespace tidemark::test
