#include "NodeStore.h"

#include "kinds/NodeKind.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QUuid>

#include <algorithm>

namespace tidemark::ui {

NodeStore::NodeStore(QObject *parent) : QObject(parent)
{
    load();
}

const NodeEntry *NodeStore::node(const QString &id) const
{
    const auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const NodeEntry &n) { return n.id == id; });
    return it == m_nodes.end() ? nullptr : &*it;
}

QString NodeStore::save(NodeEntry entry)
{
    if (entry.id.isEmpty())
        entry.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const auto it = std::find_if(m_nodes.begin(), m_nodes.end(), [&](const NodeEntry &n) { return n.id == entry.id; });
    if (it == m_nodes.end())
        m_nodes.push_back(entry);
    else
        *it = entry;
    store();
    Q_EMIT nodesChanged();
    return entry.id;
}

void NodeStore::remove(const QString &id)
{
    std::erase_if(m_nodes, [&](const NodeEntry &n) { return n.id == id; });
    setToken(id, {});
    store();
    Q_EMIT nodesChanged();
}

void NodeStore::addLocation(const QString &id, const QString &path)
{
    const NodeEntry *existing = node(id);
    if (!existing || existing->locations.contains(path))
        return;
    NodeEntry entry = *existing;
    entry.locations.append(path);
    save(entry);
}

void NodeStore::removeLocation(const QString &id, const QString &path)
{
    const NodeEntry *existing = node(id);
    if (!existing)
        return;
    NodeEntry entry = *existing;
    entry.locations.removeAll(path);
    save(entry);
}

std::optional<ConnectionSettings> NodeStore::settings(const QString &id) const
{
    const NodeEntry *entry = node(id);
    if (!entry)
        return std::nullopt;
    auto host = HostPort::parse(entry->host);
    if (!host)
        return std::nullopt;
    const NodeKind &kind = NodeKind::of(entry->kind);
    ConnectionSettings settings;
    settings.host = host.value();
    settings.kind = entry->kind;
    settings.retries = entry->retries;
    if (kind.backsUpChosenDatabases())
        settings.databases = entry->databases;
    if (kind.usesAuthToken())
        settings.token = token(id);
    if (kind.usesTls())
        settings.tls = entry->tls;
    return settings;
}

void NodeStore::load()
{
    QSettings settings;
    const int count = settings.beginReadArray(QStringLiteral("nodes"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        NodeEntry entry;
        entry.id = settings.value(QStringLiteral("id")).toString();
        entry.name = settings.value(QStringLiteral("name")).toString();
        entry.host = settings.value(QStringLiteral("host")).toString();
        entry.locations = settings.value(QStringLiteral("locations")).toStringList();
        entry.staleHours = settings.value(QStringLiteral("staleHours"), 24).toInt();
        const NodeKind *kind = NodeKind::byName(settings.value(QStringLiteral("kind")).toString());
        entry.kind = kind ? kind->id() : Manifest::Kind::Tidemark;
        entry.databases = settings.value(QStringLiteral("databases")).toStringList();
        entry.tls.enabled = settings.value(QStringLiteral("tls"), false).toBool();
        entry.tls.caFile = settings.value(QStringLiteral("tlsCaFile")).toString();
        entry.retries = std::clamp(settings.value(QStringLiteral("retries"), 0).toInt(), 0, NodeEntry::kMaxRetries);
        if (!entry.id.isEmpty())
            m_nodes.push_back(entry);
    }
    settings.endArray();
}

void NodeStore::store() const
{
    QSettings settings;
    settings.remove(QStringLiteral("nodes"));
    settings.beginWriteArray(QStringLiteral("nodes"), static_cast<int>(m_nodes.size()));
    for (int i = 0; i < static_cast<int>(m_nodes.size()); ++i) {
        const NodeEntry &entry = m_nodes[static_cast<size_t>(i)];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("id"), entry.id);
        settings.setValue(QStringLiteral("name"), entry.name);
        settings.setValue(QStringLiteral("host"), entry.host);
        settings.setValue(QStringLiteral("locations"), entry.locations);
        settings.setValue(QStringLiteral("staleHours"), entry.staleHours);
        settings.setValue(QStringLiteral("kind"), Manifest::kindName(entry.kind));
        settings.setValue(QStringLiteral("databases"), entry.databases);
        settings.setValue(QStringLiteral("tls"), entry.tls.enabled);
        settings.setValue(QStringLiteral("tlsCaFile"), entry.tls.caFile);
        settings.setValue(QStringLiteral("retries"), entry.retries);
    }
    settings.endArray();
}

QString NodeStore::tokenFilePath()
{
    const QSettings settings;
    return QFileInfo(settings.fileName()).dir().filePath(QStringLiteral("tidemark-tokens.ini"));
}

QByteArray NodeStore::token(const QString &id) const
{
    const QSettings tokens(tokenFilePath(), QSettings::IniFormat);
    return tokens.value(QStringLiteral("tokens/") + id).toByteArray();
}

void NodeStore::setToken(const QString &id, const QByteArray &token)
{
    const QString path = tokenFilePath();
    if (token.isEmpty() && !QFile::exists(path))
        return;
    QDir().mkpath(QFileInfo(path).path());
    // Create the file owner-only before any secret goes in, and keep it so.
    {
        QFile file(path);
        if (!file.exists() && file.open(QIODevice::WriteOnly))
            file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    QSettings tokens(path, QSettings::IniFormat);
    tokens.setValue(
        QStringLiteral("about/warning"),
        QStringLiteral("SECRET: snapshot auth tokens of the nodes in Tidemark's settings. Keep this file mode 0600."));
    if (token.isEmpty())
        tokens.remove(QStringLiteral("tokens/") + id);
    else
        tokens.setValue(QStringLiteral("tokens/") + id, token);
    tokens.sync();
    QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

} // namespace tidemark::ui
