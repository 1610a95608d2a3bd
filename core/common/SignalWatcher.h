#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace tidemark {

/// Turns SIGINT and SIGTERM into a Qt signal, delivered on the thread that created the watcher
/// (the self-pipe pattern: the handler only writes one byte). One instance per process.
class SignalWatcher : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    /// SIGINT or SIGTERM arrived; `signalNumber` says which.
    void terminationRequested(int signalNumber);

private:
    void readSignal();
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace tidemark
