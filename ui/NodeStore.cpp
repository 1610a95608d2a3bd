#include "NodeStore.h"

#include "kinds/NodeKind.h"
#include "storage/ChainLocation.h"
#include "storage/ChainStore.h"
#include "storage/S3Settings.h"

#include "Keyring.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QUuid>

#include <algorithm>

namespace tidemark::ui {

namespace {

// Settings keys hold no '/' of a URL: a location is its base64url.
QString s3Group(const QString &location)
{
    return QStringLiteral("s3Locations/") +
           QString::fromLatin1(location.toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

QString s3SecretFileKey(const QString &location, const QString &accessKey)
{
    return QStringLiteral("s3Secrets/") +
           QString::fromLatin1(Keyring::keyFor(location, accessKey).toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

QString secretName(S3Location::Secret secret)
{
    switch (secret) {
    case S3Location::Secret::Keyring:
        return QStringLiteral("keyring");
    case S3Location::Secret::File:
        return QStringLiteral("file");
    case S3Location::Secret::None:
        break;
    }
    return QStringLiteral("none");
}

S3Location::Secret secretFromName(const QString &name)
{
    if (name == QLatin1String("keyring"))
        return S3Location::Secret::Keyring;
    if (name == QLatin1String("file"))
        return S3Location::Secret::File;
    return S3Location::Secret::None;
}

// Node id and location in one settings key without a '/' of a path or URL.
QString scheduleKey(const QString &id, const QString &location)
{
    return QStringLiteral("scheduleNames/") +
           QString::fromLatin1((id + QLatin1Char('\n') + location).toUtf8().toBase64(QByteArray::Base64UrlEncoding));
}

S3Settings::Overrides overridesOf(const S3Location &s3, const QString &secret)
{
    S3Settings::Overrides overrides;
    overrides.endpoint = s3.endpoint;
    overrides.region = s3.region;
    overrides.pathStyle = s3.pathStyle;
    overrides.accessKey = s3.accessKey;
    overrides.secretKey = secret;
    return overrides;
}

} // namespace

NodeStore::NodeStore(QObject *parent) : QObject(parent)
{
    load();
    loadS3Locations();
    loadTokens();
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
    const NodeEntry *existing = node(id);
    const QStringList locations = existing ? existing->locations : QStringList();
    std::erase_if(m_nodes, [&](const NodeEntry &n) { return n.id == id; });
    setToken(id, {});
    store();
    forgetUnusedS3Locations();
    dropSchedules(id, locations);
    Q_EMIT nodesChanged();
}

void NodeStore::dropSchedules(const QString &id, const QStringList &locations)
{
    const QHash<QString, QString> names = scheduleNames(id, locations);
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        setScheduleName(id, it.key(), QString());
    if (!names.isEmpty())
        Q_EMIT schedulesDropped(names.values());
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
    m_newChainSecrets.remove(path);
    save(entry);
    forgetUnusedS3Locations();
    dropSchedules(id, {path});
}

void NodeStore::setRetention(const QString &id, const RetentionPolicy &policy, bool pruneAfterBackup)
{
    const NodeEntry *existing = node(id);
    if (!existing)
        return;
    NodeEntry entry = *existing;
    entry.retention = policy;
    entry.pruneAfterBackup = pruneAfterBackup;
    save(entry);
}

std::optional<S3Location> NodeStore::s3Location(const QString &location) const
{
    const auto it = m_s3.constFind(location);
    return it == m_s3.cend() ? std::nullopt : std::optional<S3Location>(*it);
}

QString NodeStore::s3Secret(const QString &location) const
{
    return m_s3Secrets.value(location);
}

void NodeStore::addS3Location(const QString &id, const QString &location, S3Location settings, const QString &secret)
{
    if (!node(id))
        return;
    if (settings.accessKey.isEmpty() || secret.isEmpty())
        settings.secretIn = S3Location::Secret::None;
    // A secret kept before under another access key or elsewhere goes.
    if (const auto before = s3Location(location);
        before && (before->secretIn != settings.secretIn || before->accessKey != settings.accessKey))
        dropS3Secret(location, *before);
    m_s3.insert(location, settings);
    m_readingKeyring.remove(location);
    // The secret serves this session wherever it is kept (or if it is kept nowhere).
    if (settings.accessKey.isEmpty() || secret.isEmpty())
        m_s3Secrets.remove(location);
    else
        m_s3Secrets.insert(location, secret);
    storeS3Location(location, settings);
    if (settings.secretIn == S3Location::Secret::File)
        setSecretInFile(s3SecretFileKey(location, settings.accessKey), secret);
    if (settings.secretIn == S3Location::Secret::Keyring) {
        Keyring::instance().write(Keyring::keyFor(location, settings.accessKey), secret, this,
                                  [this, location](const Keyring::Answer &answer) {
                                      if (answer.outcome == Keyring::Outcome::Ok)
                                          return;
                                      auto it = m_s3.find(location);
                                      if (it != m_s3.end()) {
                                          it->secretIn = S3Location::Secret::None;
                                          storeS3Location(location, *it);
                                      }
                                      Q_EMIT keyringProblem(
                                          tr("The secret key of %1 was not kept: %2 It is used until Tidemark quits; "
                                             "then AWS_SECRET_ACCESS_KEY or ~/.aws/credentials.")
                                              .arg(location, Keyring::describe(answer)));
                                  });
    }
    registerS3Location(location);
    addLocation(id, location);
}

void NodeStore::registerS3Location(const QString &location) const
{
    const auto it = m_s3.constFind(location);
    if (it == m_s3.cend()) {
        S3Settings::setOverrides({}, location);
        return;
    }
    S3Settings::setOverrides(overridesOf(*it, m_s3Secrets.value(location)), location);
}

void NodeStore::registerS3Folder(const QString &location) const
{
    const auto it = m_s3.constFind(location);
    if (it == m_s3.cend())
        return;
    S3Settings::setOverrides(overridesOf(*it, m_s3Secrets.value(location)), ChainLocation::locationOf(location));
}

void NodeStore::loadS3Locations()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("s3Locations"));
    for (const QString &group : settings.childGroups()) {
        settings.beginGroup(group);
        const QString location = settings.value(QStringLiteral("location")).toString();
        S3Location s3;
        s3.endpoint = settings.value(QStringLiteral("endpoint")).toString();
        s3.region = settings.value(QStringLiteral("region")).toString();
        s3.pathStyle = settings.value(QStringLiteral("pathStyle"), false).toBool();
        s3.accessKey = settings.value(QStringLiteral("accessKey")).toString();
        s3.secretIn = secretFromName(settings.value(QStringLiteral("secretIn")).toString());
        settings.endGroup();
        if (ChainStore::isRemote(location))
            m_s3.insert(location, s3);
    }
    settings.endGroup();
    forgetUnusedS3Locations();
    for (auto it = m_s3.cbegin(); it != m_s3.cend(); ++it)
        readS3Secret(it.key(), it.value());
}

void NodeStore::readS3Secret(const QString &location, const S3Location &settings)
{
    if (settings.secretIn == S3Location::Secret::File) {
        const QSettings tokens(tokenFilePath(), QSettings::IniFormat);
        const QString secret = tokens.value(s3SecretFileKey(location, settings.accessKey)).toString();
        if (!secret.isEmpty())
            m_s3Secrets.insert(location, secret);
    }
    if (settings.secretIn != S3Location::Secret::Keyring) {
        registerS3Location(location);
        return;
    }
    // Until the keyring answers, the location is not registered and no job uses it.
    m_readingKeyring.insert(location);
    Keyring::instance().read(
        Keyring::keyFor(location, settings.accessKey), this, [this, location](const Keyring::Answer &answer) {
            if (!m_readingKeyring.remove(location))
                return; // forgotten or added again meanwhile
            if (answer.outcome == Keyring::Outcome::Ok)
                m_s3Secrets.insert(location, answer.secret);
            else if (answer.outcome == Keyring::Outcome::NotFound)
                Q_EMIT keyringProblem(tr("The system keyring holds no secret key for %1: Tidemark uses "
                                         "AWS_SECRET_ACCESS_KEY or ~/.aws/credentials for it; add the location "
                                         "again to keep its keys.")
                                          .arg(location));
            else
                Q_EMIT keyringProblem(tr("The secret key of %1 cannot be read from the system keyring: %2 Tidemark "
                                         "uses AWS_SECRET_ACCESS_KEY or ~/.aws/credentials for it.")
                                          .arg(location, Keyring::describe(answer)));
            registerS3Location(location);
            Q_EMIT locationReady(location);
        });
}

void NodeStore::storeS3Location(const QString &location, const S3Location &s3) const
{
    QSettings settings;
    settings.beginGroup(s3Group(location));
    settings.setValue(QStringLiteral("location"), location);
    settings.setValue(QStringLiteral("endpoint"), s3.endpoint);
    settings.setValue(QStringLiteral("region"), s3.region);
    settings.setValue(QStringLiteral("pathStyle"), s3.pathStyle);
    settings.setValue(QStringLiteral("accessKey"), s3.accessKey);
    settings.setValue(QStringLiteral("secretIn"), secretName(s3.secretIn));
    settings.endGroup();
}

void NodeStore::forgetUnusedS3Locations()
{
    QSet<QString> used;
    for (const NodeEntry &entry : m_nodes) {
        for (const QString &location : entry.locations)
            used.insert(location);
    }
    const QStringList known = m_s3.keys();
    for (const QString &location : known) {
        if (used.contains(location))
            continue;
        const S3Location s3 = m_s3.take(location);
        m_s3Secrets.remove(location);
        m_readingKeyring.remove(location);
        QSettings().remove(s3Group(location));
        dropS3Secret(location, s3);
        S3Settings::setOverrides({}, location);
    }
}

void NodeStore::dropS3Secret(const QString &location, const S3Location &s3)
{
    if (s3.secretIn == S3Location::Secret::File)
        setSecretInFile(s3SecretFileKey(location, s3.accessKey), QVariant());
    if (s3.secretIn == S3Location::Secret::Keyring)
        Keyring::instance().remove(Keyring::keyFor(location, s3.accessKey), this, [](const Keyring::Answer &) {});
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
        // A policy that does not parse (edited by hand, or from a newer Tidemark) is no policy.
        const QJsonObject retention =
            QJsonDocument::fromJson(settings.value(QStringLiteral("retention")).toString().toUtf8()).object();
        if (auto policy = RetentionPolicy::fromJson(retention))
            entry.retention = policy.value();
        entry.pruneAfterBackup = settings.value(QStringLiteral("pruneAfterBackup"), false).toBool();
        entry.maxLinks = std::clamp(settings.value(QStringLiteral("maxLinks"), 0).toInt(), 0, NodeEntry::kMaxMaxLinks);
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
        settings.setValue(QStringLiteral("retention"),
                          QString::fromUtf8(QJsonDocument(entry.retention.toJson()).toJson(QJsonDocument::Compact)));
        settings.setValue(QStringLiteral("pruneAfterBackup"), entry.pruneAfterBackup);
        settings.setValue(QStringLiteral("maxLinks"), entry.maxLinks);
    }
    settings.endArray();
}

QString NodeStore::tokenFilePath()
{
    const QSettings settings;
    return QFileInfo(settings.fileName()).dir().filePath(QStringLiteral("tidemark-tokens.ini"));
}

QString NodeStore::scheduleName(const QString &id, const QString &location)
{
    return QSettings().value(scheduleKey(id, location)).toString();
}

void NodeStore::setScheduleName(const QString &id, const QString &location, const QString &name)
{
    QSettings settings;
    if (name.isEmpty())
        settings.remove(scheduleKey(id, location));
    else
        settings.setValue(scheduleKey(id, location), name);
}

QHash<QString, QString> NodeStore::scheduleNames(const QString &id, const QStringList &locations)
{
    QHash<QString, QString> names;
    const QSettings settings;
    for (const QString &location : locations) {
        const QString name = settings.value(scheduleKey(id, location)).toString();
        if (!name.isEmpty())
            names.insert(location, name);
    }
    return names;
}

QString NodeStore::tokenStorageText() const
{
    switch (m_tokenStorage) {
    case TokenStorage::Checking:
        return tr("Checking the system keyring for the auth token…");
    case TokenStorage::Keyring:
        return tr("The auth token is kept in the system keyring (service \"%1\").").arg(Keyring::service());
    case TokenStorage::File:
        break;
    }
    return tr("No system keyring is running: the auth token is kept in %1, readable by you only.")
        .arg(QDir::toNativeSeparators(tokenFilePath()));
}

void NodeStore::setToken(const QString &id, const QByteArray &token)
{
    m_readingTokens.remove(id); // a token read from the keyring later is older than this one
    const QString fileKey = QStringLiteral("tokens/") + id;
    if (token.isEmpty()) {
        m_tokens.remove(id);
        setSecretInFile(fileKey, QVariant());
        if (m_tokensInKeyring.contains(id)) {
            Keyring::instance().remove(Keyring::keyForNodeToken(id), this, [](const Keyring::Answer &) {});
            setTokenInKeyring(id, false);
        }
        return;
    }
    if (m_tokens.value(id) == token && (m_tokensInKeyring.contains(id) || m_tokenStorage == TokenStorage::File))
        return; // kept already
    m_tokens.insert(id, token);
    if (m_tokenStorage == TokenStorage::Keyring) {
        writeTokenToKeyring(id, token);
        return;
    }
    // No keyring (or not known yet: once it answers, the file's tokens move there).
    setSecretInFile(fileKey, token);
    if (m_tokensInKeyring.contains(id)) {
        Keyring::instance().remove(Keyring::keyForNodeToken(id), this, [](const Keyring::Answer &) {});
        setTokenInKeyring(id, false);
    }
}

void NodeStore::loadTokens()
{
    const QSettings file(tokenFilePath(), QSettings::IniFormat);
    const QStringList inKeyring = QSettings().value(QStringLiteral("tokensInKeyring")).toStringList();
    for (const NodeEntry &entry : m_nodes) {
        const QByteArray token = file.value(QStringLiteral("tokens/") + entry.id).toByteArray();
        if (!token.isEmpty())
            m_tokens.insert(entry.id, token);
        else if (inKeyring.contains(entry.id))
            m_readingTokens.insert(entry.id); // read once the keyring answers
    }
    for (const QString &id : inKeyring) {
        if (node(id))
            m_tokensInKeyring.insert(id);
    }
    Keyring::instance().check(this, [this](const Keyring::Answer &answer) { keyringChecked(answer); });
}

void NodeStore::keyringChecked(const Keyring::Answer &answer)
{
    const bool running = answer.outcome == Keyring::Outcome::Ok;
    m_tokenStorage = running ? TokenStorage::Keyring : TokenStorage::File;
    m_keyringError = Keyring::describe(answer);
    Q_EMIT tokenStorageKnown();
    const QStringList reading = m_readingTokens.values();
    for (const QString &id : reading) {
        if (!running) {
            m_readingTokens.remove(id);
            const NodeEntry *entry = node(id);
            Q_EMIT keyringProblem(tr("The auth token of node %1 is kept in the system keyring, which does not answer: "
                                     "%2 Start the keyring, or edit the node and give its token again.")
                                      .arg(entry ? entry->name : id, m_keyringError));
            Q_EMIT tokenReady(id);
            continue;
        }
        Keyring::instance().read(Keyring::keyForNodeToken(id), this, [this, id](const Keyring::Answer &read) {
            if (!m_readingTokens.remove(id))
                return; // set again or removed meanwhile
            if (read.outcome == Keyring::Outcome::Ok && !read.secret.isEmpty()) {
                m_tokens.insert(id, read.secret.toUtf8());
            } else {
                const NodeEntry *entry = node(id);
                Q_EMIT keyringProblem(
                    tr("The auth token of node %1 cannot be read from the system keyring: %2 Edit the node and "
                       "give its token again.")
                        .arg(entry ? entry->name : id, read.outcome == Keyring::Outcome::NotFound
                                                           ? tr("it holds none.")
                                                           : Keyring::describe(read)));
            }
            Q_EMIT tokenReady(id);
        });
    }
    if (!running)
        return;
    // The tokens in the file (kept before the keyring ran, or before Tidemark used it) move over.
    const QSettings file(tokenFilePath(), QSettings::IniFormat);
    for (const NodeEntry &entry : m_nodes) {
        const QByteArray token = file.value(QStringLiteral("tokens/") + entry.id).toByteArray();
        if (!token.isEmpty())
            writeTokenToKeyring(entry.id, token);
    }
}

void NodeStore::writeTokenToKeyring(const QString &id, const QByteArray &token)
{
    Keyring::instance().write(
        Keyring::keyForNodeToken(id), QString::fromUtf8(token), this, [this, id, token](const Keyring::Answer &answer) {
            if (m_tokens.value(id) != token)
                return; // changed or removed meanwhile: that change keeps it
            const QString fileKey = QStringLiteral("tokens/") + id;
            if (answer.outcome == Keyring::Outcome::Ok) {
                setTokenInKeyring(id, true);
                setSecretInFile(fileKey, QVariant());
                return;
            }
            setSecretInFile(fileKey, token);
            setTokenInKeyring(id, false);
            const NodeEntry *entry = node(id);
            Q_EMIT keyringProblem(tr("The auth token of node %1 was not kept in the system keyring: %2 It is kept in "
                                     "%3 instead.")
                                      .arg(entry ? entry->name : id, Keyring::describe(answer),
                                           QDir::toNativeSeparators(tokenFilePath())));
        });
}

void NodeStore::setTokenInKeyring(const QString &id, bool inKeyring)
{
    if (inKeyring)
        m_tokensInKeyring.insert(id);
    else
        m_tokensInKeyring.remove(id);
    QStringList ids = m_tokensInKeyring.values();
    ids.sort();
    QSettings settings;
    if (ids.isEmpty())
        settings.remove(QStringLiteral("tokensInKeyring"));
    else
        settings.setValue(QStringLiteral("tokensInKeyring"), ids);
}

void NodeStore::setNewChainSecret(const QString &location, std::shared_ptr<const KeySecret> secret)
{
    if (secret)
        m_newChainSecrets.insert(location, std::move(secret));
    else
        m_newChainSecrets.remove(location);
}

void NodeStore::setSecretInFile(const QString &key, const QVariant &value) const
{
    const QString path = tokenFilePath();
    const bool empty = value.toByteArray().isEmpty();
    if (empty && !QFile::exists(path))
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
    tokens.setValue(QStringLiteral("about/warning"),
                    QStringLiteral("SECRET: snapshot auth tokens of the nodes and S3 secret keys of the locations in "
                                   "Tidemark's settings. Keep this file mode 0600."));
    if (empty)
        tokens.remove(key);
    else
        tokens.setValue(key, value);
    tokens.sync();
    QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

} // namespace tidemark::ui
