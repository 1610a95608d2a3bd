// The main window passes a node's TLS and retries on: a node added through the dialog with TLS
// and its self-signed certificate as CA is probed and backed up over TLS (a real tidemarkd with
// [snapshot] tls-cert/tls-key; skipped without the openssl command); a wrong CA or no TLS is not
// reachable; and a backup that lost its connection shows its retries in the jobs panel.
#include "support/NodeData.h"
#include "support/TestCertificate.h"
#include "support/WidgetProbe.h"

#include "JobRow.h"
#include "JobsPanel.h"
#include "LogView.h"
#include "MainWindow.h"
#include "NodeDialog.h"
#include "NodeStore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace tidemark;
using namespace tidemark::ui;

class TestNodeOptions : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_dir; ///< Certificates and backup chains.
    NodeProcess m_node;  ///< Serves TLS with node.crt (started only with openssl).
    std::unique_ptr<MainWindow> m_window;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    void requireTlsNode()
    {
        if (TestCertificate::openssl().isEmpty())
            QSKIP("the openssl command is not installed (scripts/deps.sh installs it)");
    }

    QPushButton *button(const char *name) const { return m_window->findChild<QPushButton *>(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_dir.isValid());
        NodeData::isolateSettings(m_settingsDir.path());
        if (!TestCertificate::openssl().isEmpty()) {
            QString error;
            QVERIFY2(TestCertificate::make(m_dir.path(), QStringLiteral("node"),
                                           QStringLiteral("DNS:localhost,IP:127.0.0.1"), &error),
                     qPrintable(error));
            QVERIFY2(TestCertificate::make(m_dir.path(), QStringLiteral("other"),
                                           QStringLiteral("DNS:localhost,IP:127.0.0.1"), &error),
                     qPrintable(error));
            TestCertificate::serveTls(m_node, m_dir.path(), QStringLiteral("node"));
            QVERIFY2(m_node.start(&error), qPrintable(error));
            QVERIFY(NodeData::createDatabase(m_node, QStringLiteral("tls")));
            QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("tls"), 1, 10));
        }
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_node.stop();
    }

    void tlsNodeAddedThroughTheDialogBacksUp()
    {
        requireTlsNode();
        QTest::mouseClick(button("addNodeButton"), Qt::LeftButton);
        NodeDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visibleChild<NodeDialog>(m_window.get())));
        dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"))->setText(QStringLiteral("secure"));
        dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))->setText(m_node.snapshotHost());
        clickCheckBox(dialog->findChild<QCheckBox *>(QStringLiteral("tlsCheck")));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("caFileEdit")),
                         path(QStringLiteral("node.crt")));
        dialog->findChild<QSpinBox *>(QStringLiteral("retriesSpin"))->setValue(2);
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY2(ok->isEnabled(), qPrintable(dialog->findChild<QLabel *>(QStringLiteral("problemLabel"))->text()));
        QTest::mouseClick(ok, Qt::LeftButton);

        const QString id = m_window->currentNodeId();
        const NodeEntry *entry = m_window->nodeStore()->node(id);
        QVERIFY(entry);
        QCOMPARE(entry->tls, (TlsSettings{true, path(QStringLiteral("node.crt"))}));
        QCOMPARE(entry->retries, 2);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->health(id).state, NodeHealth::State::Reachable, 30000);
        QVERIFY(m_window->health(id).info.databases.contains(QStringLiteral("tls")));

        const QString chain = path(QStringLiteral("secure-chain"));
        m_window->nodeStore()->addLocation(id, chain);
        m_window->selectLocation(chain);
        QTRY_VERIFY(button("backupButton")->isEnabled());
        QVERIFY(backUpThroughButton(*m_window));
        QVERIFY(QFileInfo::exists(chain));
        QVERIFY(NodeData::writeMegabytes(m_node, QStringLiteral("tls"), 1, 11));
        QVERIFY(backUpThroughButton(*m_window));
        QVERIFY(QFileInfo::exists(chain + QStringLiteral(".0")));
    }

    void wrongTlsSettingsAreNotReachable_data()
    {
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("ca");
        QTest::addColumn<int>("state"); // NodeHealth::State
        QTest::newRow("another CA") << true << path(QStringLiteral("other.crt"))
                                    << static_cast<int>(NodeHealth::State::AuthFailed);
        QTest::newRow("system CAs only") << true << QString() << static_cast<int>(NodeHealth::State::AuthFailed);
        QTest::newRow("no TLS") << false << QString() << static_cast<int>(NodeHealth::State::Failed);
    }

    void wrongTlsSettingsAreNotReachable()
    {
        requireTlsNode();
        QFETCH(bool, tls);
        QFETCH(QString, ca);
        QFETCH(int, state);
        NodeEntry entry{QString(), QStringLiteral("wrong"), m_node.snapshotHost(), {}, 24};
        entry.tls = {tls, ca};
        const QString id = m_window->nodeStore()->save(entry);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->health(id).state != NodeHealth::State::Unknown, 30000);
        QVERIFY2(static_cast<int>(m_window->health(id).state) == state,
                 qPrintable(m_window->health(id).error.toString()));
        m_window->nodeStore()->remove(id);
    }

    void lostConnectionShowsRetriesInTheJobRow()
    {
        m_window->jobsPanel()->clearFinished();
        const QString chain = path(QStringLiteral("nowhere-chain"));
        NodeEntry entry{QString(), QStringLiteral("nowhere"), QStringLiteral("127.0.0.1:1"), {chain}, 24};
        entry.retries = 2; // waits 1 s, then 2 s
        const QString id = m_window->nodeStore()->save(entry);
        m_window->selectNode(id);
        m_window->selectLocation(chain);
        QTRY_VERIFY(button("backupButton")->isEnabled());
        QSignalSpy finished(m_window.get(), &MainWindow::jobFinished);
        QTest::mouseClick(button("backupButton"), Qt::LeftButton);
        QTRY_COMPARE(m_window->jobsPanel()->rows().size(), 1);
        auto *stage = m_window->jobsPanel()->rows().front()->findChild<QLabel *>(QStringLiteral("jobStage"));
        QTRY_VERIFY_WITH_TIMEOUT(stage->text().startsWith(QStringLiteral("Retrying in 1 s (attempt 2 of 3): ")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(stage->text().startsWith(QStringLiteral("Retrying in 2 s (attempt 3 of 3): ")), 10000);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY2(!stage->text().startsWith(QStringLiteral("Retrying")), qPrintable(stage->text()));
        QVERIFY(
            m_window->logView()->toPlainText().contains(QStringLiteral("Backup of nowhere: attempt 2 of 3 failed: ")));
        QVERIFY(!QFileInfo::exists(chain));
        m_window->nodeStore()->remove(id);
    }
};

QTEST_MAIN(TestNodeOptions)
#include "tst_nodeoptions.moc"
