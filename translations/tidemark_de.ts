<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Units</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n Minute</numerusform>
            <numerusform>vor %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n Stunde</numerusform>
            <numerusform>vor %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::ChainPane</name>
    <message>
        <source>Add location…</source>
        <translation>Ort hinzufügen…</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Vergessen</translation>
    </message>
    <message>
        <source>Remove the location from this list; the files stay on disk.</source>
        <translation>Entfernt den Ort aus dieser Liste; die Dateien bleiben auf der Platte.</translation>
    </message>
    <message>
        <source>Backup chain:</source>
        <translation>Sicherungskette:</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Checksum (XXH3-128)</source>
        <translation>Prüfsumme (XXH3-128)</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>Jetzt sichern</translation>
    </message>
    <message>
        <source>A full snapshot when the chain is empty, else an incremental with only what changed.</source>
        <translation>Eine Vollsicherung, wenn die Kette leer ist, sonst eine inkrementelle mit nur dem Geänderten.</translation>
    </message>
    <message>
        <source>New full backup…</source>
        <translation>Neue Vollsicherung…</translation>
    </message>
    <message>
        <source>Start a new chain in a new file with a full snapshot.</source>
        <translation>Beginnt eine neue Kette in einer neuen Datei mit einer Vollsicherung.</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Kette prüfen</translation>
    </message>
    <message>
        <source>Re-read every link: checksums, continuity and every file it holds (LMDB files, InfluxDB shard tars).</source>
        <translation>Liest jedes Glied neu: Prüfsummen, Lückenlosigkeit und jede enthaltene Datei (LMDB-Dateien, InfluxDB-Shard-Archive).</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Wiederherstellen…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Backup chain of %1: the full snapshot&apos;s file (new or existing)</source>
        <translation>Sicherungskette von %1: die Datei der Vollsicherung (neu oder vorhanden)</translation>
    </message>
    <message>
        <source>No backup location yet: Add location… picks the file of the full snapshot, e.g. /backups/node1 (incrementals go beside it as node1.0, node1.1, …).</source>
        <translation>Noch kein Sicherungsort: „Ort hinzufügen…“ wählt die Datei der Vollsicherung, z. B. /backups/node1 (inkrementelle liegen daneben als node1.0, node1.1, …).</translation>
    </message>
    <message>
        <source>Reading the chain…</source>
        <translation>Kette wird gelesen…</translation>
    </message>
    <message>
        <source>Cannot read this chain: %1</source>
        <translation>Diese Kette ist nicht lesbar: %1</translation>
    </message>
    <message>
        <source>Incremental .%1</source>
        <translation>Inkrementell .%1</translation>
    </message>
    <message>
        <source>Full snapshot</source>
        <translation>Vollsicherung</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shard(s)</source>
        <translation>
            <numerusform>%n Shard</numerusform>
            <numerusform>%n Shards</numerusform>
        </translation>
    </message>
    <message>
        <source>index %1</source>
        <translation>Index %1</translation>
    </message>
    <message>
        <source>✔ verified %1</source>
        <translation>✔ geprüft %1</translation>
    </message>
    <message>
        <source>✖ verification failed</source>
        <translation>✖ Prüfung fehlgeschlagen</translation>
    </message>
    <message>
        <source>not verified yet</source>
        <translation>noch nicht geprüft</translation>
    </message>
    <message>
        <source>Empty: Back up now writes the full snapshot to %1.</source>
        <translation>Leer: „Jetzt sichern“ schreibt die Vollsicherung nach %1.</translation>
    </message>
    <message numerus="yes">
        <source>%1 chain: %n link(s); next backup goes to %2.</source>
        <translation>
            <numerusform>%1-Kette: %n Glied; die nächste Sicherung geht nach %2.</numerusform>
            <numerusform>%1-Kette: %n Glieder; die nächste Sicherung geht nach %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ This chain holds a %1 node&apos;s backups but %2 is a %3 node: back it up into a new chain (New full backup…).</source>
        <translation>⚠ Diese Kette enthält Sicherungen eines %1-Knotens, %2 ist aber ein %3-Knoten: in eine neue Kette sichern (Neue Vollsicherung…).</translation>
    </message>
    <message>
        <source>Leftover of an interrupted backup (the next backup removes it): %1</source>
        <translation>Rest einer abgebrochenen Sicherung (die nächste Sicherung entfernt ihn): %1</translation>
    </message>
    <message>
        <source>Verification failed: %1</source>
        <translation>Prüfung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>No backup here yet.</source>
        <translation>Hier gibt es noch keine Sicherung.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Files&lt;/b&gt; (select a link above)</source>
        <translation>&lt;b&gt;Dateien&lt;/b&gt; (oben ein Glied wählen)</translation>
    </message>
    <message>
        <source>Newest change (node&apos;s clock)</source>
        <translation>Neueste Änderung (Uhr des Knotens)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Files in %1&lt;/b&gt; (created %2)</source>
        <translation>&lt;b&gt;Dateien in %1&lt;/b&gt; (erstellt %2)</translation>
    </message>
    <message>
        <source>New chain for %1: file of the new full snapshot</source>
        <translation>Neue Kette für %1: Datei der neuen Vollsicherung</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::JobLauncher</name>
    <message>
        <source>Backup of %1: attempt %2 of %3 failed: %4</source>
        <translation>Sicherung von %1: Versuch %2 von %3 fehlgeschlagen: %4</translation>
    </message>
    <message>
        <source>Backup of %1 → %2</source>
        <translation>Sicherung von %1 → %2</translation>
    </message>
    <message>
        <source>Backup of %1 into %2 started</source>
        <translation>Sicherung von %1 nach %2 gestartet</translation>
    </message>
    <message>
        <source>Nothing changed since the last link: no new file.</source>
        <translation>Seit dem letzten Glied hat sich nichts geändert: keine neue Datei.</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1: %2 (%n file(s)), index %3.</source>
        <translation>
            <numerusform>%1 geschrieben: %2 (%n Datei), Index %3.</numerusform>
            <numerusform>%1 geschrieben: %2 (%n Dateien), Index %3.</numerusform>
        </translation>
    </message>
    <message>
        <source>Verify %1</source>
        <translation>%1 prüfen</translation>
    </message>
    <message>
        <source>Verification of %1 started</source>
        <translation>Prüfung von %1 gestartet</translation>
    </message>
    <message>
        <source>reading every link, checksum and file</source>
        <translation>liest jedes Glied, jede Prüfsumme und jede Datei</translation>
    </message>
    <message>
        <source>The chain %1 is complete; every checksum and every file it holds is valid.</source>
        <translation>Die Kette %1 ist vollständig; jede Prüfsumme und jede enthaltene Datei ist gültig.</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::JobRow</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>waiting…</source>
        <translation>wartet…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Overall:</source>
        <translation>Gesamt:</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>%1 of %2 (%p%)</source>
        <translation>%1 von %2 (%p %)</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 · ETA %2</source>
        <translation>%1 · noch %2</translation>
    </message>
    <message>
        <source>done in %1</source>
        <translation>fertig in %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Retrying in %1 s (attempt %2 of %3): %4</source>
        <translation>Neuer Versuch in %1 s (Versuch %2 von %3): %4</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::JobsPanel</name>
    <message>
        <source>No jobs. Back up now or Verify chain start one here.</source>
        <translation>Keine Aufträge. „Jetzt sichern“ oder „Kette prüfen“ starten hier einen.</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Beendete entfernen</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::LogView</name>
    <message>
        <source>What backups, verifications and restores did appears here.</source>
        <translation>Hier steht, was Sicherungen, Prüfungen und Wiederherstellungen getan haben.</translation>
    </message>
    <message>
        <source>ERROR:</source>
        <translation>FEHLER:</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::MainWindow</name>
    <message>
        <source>Tidemark — backups of time-series nodes</source>
        <translation>Tidemark — Sicherungen von Zeitreihen-Knoten</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Add node…</source>
        <translation>Knoten &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Wiederherstellen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Check nodes &amp;now</source>
        <translation>Knoten &amp;jetzt prüfen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Tidemark</source>
        <translation>&amp;Über Tidemark</translation>
    </message>
    <message>
        <source>About Tidemark</source>
        <translation>Über Tidemark</translation>
    </message>
    <message>
        <source>&lt;b&gt;Tidemark %1&lt;/b&gt;&lt;p&gt;Hot backups of running time-series data nodes, and restores you can trust.&lt;/p&gt;&lt;p&gt;The same jobs run headless: &lt;code&gt;tidemark --cli help&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Tidemark %1&lt;/b&gt;&lt;p&gt;Sicherungen laufender Zeitreihen-Datenknoten im Betrieb und Wiederherstellungen, auf die Verlass ist.&lt;/p&gt;&lt;p&gt;Dieselben Aufträge laufen ohne Oberfläche: &lt;code&gt;tidemark --cli help&lt;/code&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Settings: %1</source>
        <translation>Einstellungen: %1</translation>
    </message>
    <message>
        <source>Jobs are running</source>
        <translation>Aufträge laufen</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still running. Cancel them and quit? Cancelled backups leave the chain as it was.</source>
        <translation>
            <numerusform>%n Auftrag läuft noch. Abbrechen und beenden? Abgebrochene Sicherungen lassen die Kette, wie sie war.</numerusform>
            <numerusform>%n Aufträge laufen noch. Abbrechen und beenden? Abgebrochene Sicherungen lassen die Kette, wie sie war.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tidemark</source>
        <translation>Tidemark</translation>
    </message>
    <message>
        <source>Tidemark: job done</source>
        <translation>Tidemark: Auftrag erledigt</translation>
    </message>
    <message>
        <source>Tidemark: job failed</source>
        <translation>Tidemark: Auftrag fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::NodeDialog</name>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>e.g. node1</source>
        <translation>z. B. node1</translation>
    </message>
    <message>
        <source>only when the node sets [snapshot] auth-token</source>
        <translation>nur wenn der Knoten [snapshot] auth-token setzt</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Snapshot service (host:port):</source>
        <translation>&amp;Snapshot-Dienst (Host:Port):</translation>
    </message>
    <message>
        <source>Auth &amp;token:</source>
        <translation>Anmelde-&amp;Token:</translation>
    </message>
    <message>
        <source>Warn when the last backup is older than:</source>
        <translation>Warnen, wenn die letzte Sicherung älter ist als:</translation>
    </message>
    <message>
        <source>Give the node a name.</source>
        <translation>Dem Knoten einen Namen geben.</translation>
    </message>
    <message>
        <source>Tidemark node (tidemarkd)</source>
        <translation>Tidemark-Knoten (tidemarkd)</translation>
    </message>
    <message>
        <source>InfluxDB 1.x node (influxd)</source>
        <translation>InfluxDB-1.x-Knoten (influxd)</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>&amp;Databases:</source>
        <translation>&amp;Datenbanken:</translation>
    </message>
    <message>
        <source>Write the snapshot service as HOST:PORT, e.g. 127.0.0.1:%1.</source>
        <translation>Den Snapshot-Dienst als HOST:PORT schreiben, z. B. 127.0.0.1:%1.</translation>
    </message>
    <message>
        <source>The databases to back up, comma-separated; empty: every database. The meta store is always taken whole.</source>
        <translation>Die zu sichernden Datenbanken, durch Kommas getrennt; leer: jede Datenbank. Der Meta-Store wird immer ganz gesichert.</translation>
    </message>
    <message>
        <source>empty: all; or e.g. telegraf, app</source>
        <translation>leer: alle; oder z. B. telegraf, app</translation>
    </message>
    <message>
        <source>none: influxd&apos;s snapshots have no auth</source>
        <translation>keins: influxd kennt keine Token</translation>
    </message>
    <message>
        <source>Use &amp;TLS</source>
        <translation>&amp;TLS verwenden</translation>
    </message>
    <message>
        <source>Encrypt the snapshot stream and check the node&apos;s certificate: for a node whose [snapshot] sets tls-cert and tls-key.</source>
        <translation>Den Snapshot-Strom verschlüsseln und das Zertifikat des Knotens prüfen: für einen Knoten, dessen [snapshot] tls-cert und tls-key setzt.</translation>
    </message>
    <message>
        <source>empty: the system&apos;s trusted CAs</source>
        <translation>leer: die vertrauenswürdigen CAs des Systems</translation>
    </message>
    <message>
        <source>PEM file of the certificates to trust for this node (its own certificate when self-signed) instead of the system&apos;s.</source>
        <translation>PEM-Datei der Zertifikate, denen für diesen Knoten statt denen des Systems vertraut wird (bei selbstsigniertem Zertifikat dieses selbst).</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>Dur&amp;chsuchen…</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>How many times a backup starts again after a lost connection, waiting 1 s before the first retry and twice as long before each next one.</source>
        <translation>Wie oft eine Sicherung nach einem Verbindungsabbruch neu beginnt; vor dem ersten neuen Versuch wird 1 s gewartet, vor jedem weiteren doppelt so lange.</translation>
    </message>
    <message>
        <source>Encryption:</source>
        <translation>Verschlüsselung:</translation>
    </message>
    <message>
        <source>CA &amp;certificate:</source>
        <translation>CA-&amp;Zertifikat:</translation>
    </message>
    <message>
        <source>&amp;Retries after a lost connection:</source>
        <translation>&amp;Wiederholungen nach Verbindungsabbruch:</translation>
    </message>
    <message>
        <source>CA certificate: write the file&apos;s absolute path, or leave the field empty to trust the system&apos;s CAs.</source>
        <translation>CA-Zertifikat: den absoluten Pfad der Datei schreiben oder das Feld leer lassen, um den CAs des Systems zu vertrauen.</translation>
    </message>
    <message>
        <source>CA certificate: &apos;%1&apos; does not exist. Choose the node&apos;s certificate (or its CA&apos;s), or leave the field empty to trust the system&apos;s CAs.</source>
        <translation>CA-Zertifikat: „%1“ existiert nicht. Das Zertifikat des Knotens (oder seiner CA) wählen oder das Feld leer lassen, um den CAs des Systems zu vertrauen.</translation>
    </message>
    <message>
        <source>CA certificate: &apos;%1&apos; cannot be read (not a file, or no permission).</source>
        <translation>CA-Zertifikat: „%1“ kann nicht gelesen werden (keine Datei oder keine Berechtigung).</translation>
    </message>
    <message>
        <source>CA certificate: &apos;%1&apos; holds no PEM certificate.</source>
        <translation>CA-Zertifikat: „%1“ enthält kein PEM-Zertifikat.</translation>
    </message>
    <message>
        <source>CA certificate for this node</source>
        <translation>CA-Zertifikat für diesen Knoten</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer)</source>
        <translation>PEM-Zertifikate (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::NodesPane</name>
    <message>
        <source>InfluxDB 1.x</source>
        <translation>InfluxDB 1.x</translation>
    </message>
    <message>
        <source>Tidemark</source>
        <translation>Tidemark</translation>
    </message>
    <message>
        <source>&lt;b&gt;Nodes&lt;/b&gt;</source>
        <translation>&lt;b&gt;Knoten&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Add node</source>
        <translation>Knoten hinzufügen</translation>
    </message>
    <message>
        <source>Added node %1 (%2)</source>
        <translation>Knoten %1 (%2) hinzugefügt</translation>
    </message>
    <message>
        <source>Edit node %1</source>
        <translation>Knoten %1 bearbeiten</translation>
    </message>
    <message>
        <source>Remove node</source>
        <translation>Knoten entfernen</translation>
    </message>
    <message>
        <source>Remove %1 from the list? Its backups stay on disk.</source>
        <translation>%1 aus der Liste entfernen? Seine Sicherungen bleiben auf der Platte.</translation>
    </message>
    <message>
        <source>Removed node %1</source>
        <translation>Knoten %1 entfernt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wird geprüft…</translation>
    </message>
    <message>
        <source>● reachable, meta index %1</source>
        <translation>● erreichbar, Meta-Index %1</translation>
    </message>
    <message>
        <source>● reachable, index %1, %2</source>
        <translation>● erreichbar, Index %1, %2</translation>
    </message>
    <message>
        <source>✖ snapshots disabled (404): set [snapshot] enabled = true</source>
        <translation>✖ Snapshots abgeschaltet (404): [snapshot] enabled = true setzen</translation>
    </message>
    <message>
        <source>✖ auth failed (401): check the token</source>
        <translation>✖ Anmeldung abgelehnt (401): Token prüfen</translation>
    </message>
    <message>
        <source>✖ unreachable</source>
        <translation>✖ nicht erreichbar</translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
    <message>
        <source>no backup yet</source>
        <translation>noch keine Sicherung</translation>
    </message>
    <message>
        <source>⚠ last backup %1 (older than %2 h)</source>
        <translation>⚠ letzte Sicherung %1 (älter als %2 h)</translation>
    </message>
    <message>
        <source>last backup %1</source>
        <translation>letzte Sicherung %1</translation>
    </message>
    <message>
        <source>No node selected</source>
        <translation>Kein Knoten gewählt</translation>
    </message>
    <message>
        <source>Add a node with Add… on the left: its kind, name and the host:port of its snapshot service (tidemarkd: [snapshot] bind-address, 127.0.0.1:8808 by default; InfluxDB 1.x: bind-address, 127.0.0.1:8088 by default).</source>
        <translation>Einen Knoten links mit „Hinzufügen…“ anlegen: seine Art, sein Name und Host:Port seines Snapshot-Dienstes (tidemarkd: [snapshot] bind-address, standardmäßig 127.0.0.1:8808; InfluxDB 1.x: bind-address, standardmäßig 127.0.0.1:8088).</translation>
    </message>
    <message>
        <source>%1 — %2 node at %3</source>
        <translation>%1 — %2-Knoten auf %3</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message numerus="yes">
        <source>%n shard(s), databases: %1</source>
        <translation>
            <numerusform>%n Shard, Datenbanken: %1</numerusform>
            <numerusform>%n Shards, Datenbanken: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Backups take every database.</source>
        <translation>Sicherungen nehmen jede Datenbank.</translation>
    </message>
    <message>
        <source>Backups take: %1 (the meta store is always whole).</source>
        <translation>Sicherungen nehmen: %1 (der Meta-Store immer ganz).</translation>
    </message>
    <message>
        <source>
node id %1, %2 shards, databases: %3</source>
        <translation>
Knoten-ID %1, %2 Shards, Datenbanken: %3</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Abhilfe: %1</translation>
    </message>
    <message>
        <source>%1  (%2, %3)
%4</source>
        <translation>%1  (%2, %3)
%4</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestoreChainPage</name>
    <message>
        <source>1. The backup to restore</source>
        <translation>1. Die wiederherzustellende Sicherung</translation>
    </message>
    <message>
        <source>Pick the chain (its full snapshot file) and how far to restore. The whole chain is verified first.</source>
        <translation>Die Kette (ihre Vollsicherungsdatei) wählen und wie weit wiederhergestellt wird. Zuerst wird die ganze Kette geprüft.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Chain (full snapshot):</source>
        <translation>Kette (Vollsicherung):</translation>
    </message>
    <message>
        <source>Restore up to:</source>
        <translation>Wiederherstellen bis:</translation>
    </message>
    <message>
        <source>Verification:</source>
        <translation>Prüfung:</translation>
    </message>
    <message>
        <source>Full snapshot of the chain</source>
        <translation>Vollsicherung der Kette</translation>
    </message>
    <message>
        <source>Give the path of a chain&apos;s full snapshot, e.g. /backups/node1.</source>
        <translation>Den Pfad der Vollsicherung einer Kette angeben, z. B. /backups/node1.</translation>
    </message>
    <message>
        <source>Reading the chain…</source>
        <translation>Kette wird gelesen…</translation>
    </message>
    <message>
        <source>There is no backup at %1.</source>
        <translation>Unter %1 gibt es keine Sicherung.</translation>
    </message>
    <message>
        <source>%1 — %2, index %3</source>
        <translation>%1 — %2, Index %3</translation>
    </message>
    <message numerus="yes">
        <source>Everything: the full snapshot and all %n incremental(s) (%1)</source>
        <translation>
            <numerusform>Alles: die Vollsicherung und %n inkrementelle (%1)</numerusform>
            <numerusform>Alles: die Vollsicherung und alle %n inkrementellen (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>The full snapshot only (%1)</source>
        <translation>Nur die Vollsicherung (%1)</translation>
    </message>
    <message>
        <source>Up to .%1 (%2)</source>
        <translation>Bis .%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <source>Verifying %n link(s): every checksum and every file they hold…</source>
        <translation>
            <numerusform>Prüfe %n Glied: jede Prüfsumme und jede enthaltene Datei…</numerusform>
            <numerusform>Prüfe %n Glieder: jede Prüfsumme und jede enthaltene Datei…</numerusform>
        </translation>
    </message>
    <message>
        <source>✔ The chain is complete; every checksum and every file it holds is valid.</source>
        <translation>✔ Die Kette ist vollständig; jede Prüfsumme und jede enthaltene Datei ist gültig.</translation>
    </message>
    <message>
        <source>✖ %1
You may still restore up to a link before the damaged one: the next page checks exactly the links you restore.</source>
        <translation>✖ %1
Bis zu einem Glied vor dem beschädigten lässt sich trotzdem wiederherstellen: die nächste Seite prüft genau die Glieder, die wiederhergestellt werden.</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestoreConfigPage</name>
    <message>
        <source>2. The node to restore into</source>
        <translation>2. Der Zielknoten</translation>
    </message>
    <message>
        <source>Its config names the [broker] and [data] directories that are replaced. Every check runs before anything is touched.</source>
        <translation>Seine Konfiguration nennt die Verzeichnisse [broker] und [data], die ersetzt werden. Alle Prüfungen laufen, bevor etwas angefasst wird.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <source>Node config file:</source>
        <translation>Konfigurationsdatei des Knotens:</translation>
    </message>
    <message>
        <source>Owner of the restored files:</source>
        <translation>Eigentümer der wiederhergestellten Dateien:</translation>
    </message>
    <message>
        <source>Checks:</source>
        <translation>Prüfungen:</translation>
    </message>
    <message>
        <source>The node&apos;s config file</source>
        <translation>Die Konfigurationsdatei des Knotens</translation>
    </message>
    <message>
        <source>Config files (*.conf *.toml);;All files (*)</source>
        <translation>Konfigurationsdateien (*.conf *.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Give the node&apos;s config file (the one tidemarkd runs with: tidemarkd -config FILE).</source>
        <translation>Die Konfigurationsdatei des Knotens angeben (die, mit der tidemarkd läuft: tidemarkd -config DATEI).</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>ℹ %1</source>
        <translation>ℹ %1</translation>
    </message>
    <message>
        <source>✖ Error:</source>
        <translation>✖ Fehler:</translation>
    </message>
    <message>
        <source>⚠ Warning:</source>
        <translation>⚠ Warnung:</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>Abhilfe:</translation>
    </message>
    <message>
        <source>As root:</source>
        <translation>Als root:</translation>
    </message>
    <message>
        <source>✔ Every check passed: the config, the directories, the node is stopped, the chain up to the chosen link, free space and the owner. Next shows the plan.</source>
        <translation>✔ Alle Prüfungen bestanden: Konfiguration, Verzeichnisse, Knoten gestoppt, Kette bis zum gewählten Glied, freier Platz und Eigentümer. „Weiter“ zeigt den Plan.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix before restoring; change the fields or fix the node, then Check again.</source>
        <translation>
            <numerusform>%n Problem ist vor der Wiederherstellung zu beheben; Felder ändern oder den Knoten richten, dann „Erneut prüfen“.</numerusform>
            <numerusform>%n Probleme sind vor der Wiederherstellung zu beheben; Felder ändern oder den Knoten richten, dann „Erneut prüfen“.</numerusform>
        </translation>
    </message>
    <message>
        <source>The same from a terminal:</source>
        <translation>Dasselbe im Terminal:</translation>
    </message>
    <message>
        <source>Restore as root now (pkexec)…</source>
        <translation>Jetzt als root wiederherstellen (pkexec)…</translation>
    </message>
    <message>
        <source>Running as root: %1</source>
        <translation>Läuft als root: %1</translation>
    </message>
    <message>
        <source>✔ Restored as root by tidemark-cli:
%1</source>
        <translation>✔ Von tidemark-cli als root wiederhergestellt:
%1</translation>
    </message>
    <message>
        <source>✖ tidemark-cli (as root) ended with exit code %1:
%2</source>
        <translation>✖ tidemark-cli (als root) endete mit Exit-Code %1:
%2</translation>
    </message>
    <message>
        <source>This chain is of an InfluxDB 1.x node: its influxdb.conf names the [meta] dir and the [data] dir and wal-dir that are replaced. Every check runs before anything is touched.</source>
        <translation>Diese Kette ist die eines InfluxDB-1.x-Knotens: seine influxdb.conf nennt [meta] dir sowie [data] dir und wal-dir, die ersetzt werden. Jede Prüfung läuft, bevor etwas angefasst wird.</translation>
    </message>
    <message>
        <source>InfluxDB config (influxdb.conf):</source>
        <translation>InfluxDB-Konfiguration (influxdb.conf):</translation>
    </message>
    <message>
        <source>Give the node&apos;s influxdb.conf (the one influxd runs with: influxd -config FILE; Debian: /etc/influxdb/influxdb.conf).</source>
        <translation>Die influxdb.conf des Knotens angeben (die, mit der influxd läuft: influxd -config DATEI; Debian: /etc/influxdb/influxdb.conf).</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestorePlanPage</name>
    <message>
        <source>3. The plan</source>
        <translation>3. Der Plan</translation>
    </message>
    <message>
        <source>Read what will happen. Nothing has been touched yet.</source>
        <translation>Lesen, was geschehen wird. Noch ist nichts angefasst.</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>I understand: the directories under &quot;Removed&quot; are replaced by the backup (%1 links, index %2).</source>
        <translation>Verstanden: die Verzeichnisse unter „Entfernt“ werden durch die Sicherung ersetzt (%1 Glieder, Index %2).</translation>
    </message>
    <message numerus="yes">
        <source>Restore &lt;b&gt;%1&lt;/b&gt; (%n link(s)) into the node of &lt;b&gt;%2&lt;/b&gt;; %3 to write, owner &lt;b&gt;%4&lt;/b&gt;.</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; (%n Glied) in den Knoten von &lt;b&gt;%2&lt;/b&gt; wiederherstellen; %3 zu schreiben, Eigentümer &lt;b&gt;%4&lt;/b&gt;.</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; (%n Glieder) in den Knoten von &lt;b&gt;%2&lt;/b&gt; wiederherstellen; %3 zu schreiben, Eigentümer &lt;b&gt;%4&lt;/b&gt;.</numerusform>
        </translation>
    </message>
    <message>
        <source>Removed (replaced)</source>
        <translation>Entfernt (ersetzt)</translation>
    </message>
    <message>
        <source>kept as .restore-old until the new one is in place</source>
        <translation>bleibt als .restore-old, bis das neue an seinem Platz ist</translation>
    </message>
    <message>
        <source>does not exist yet</source>
        <translation>existiert noch nicht</translation>
    </message>
    <message>
        <source>Written (newest index wins per file)</source>
        <translation>Geschrieben (je Datei gewinnt der neueste Index)</translation>
    </message>
    <message>
        <source>index %1 from %2</source>
        <translation>Index %1 aus %2</translation>
    </message>
    <message>
        <source>Broker regenerated</source>
        <translation>Broker neu erzeugt</translation>
    </message>
    <message>
        <source>index %1</source>
        <translation>Index %1</translation>
    </message>
    <message>
        <source>raft config for %1</source>
        <translation>Raft-Konfiguration für %1</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <source>every restored file</source>
        <translation>jede wiederhergestellte Datei</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestoreProgressPage</name>
    <message>
        <source>4. Restoring</source>
        <translation>4. Wiederherstellung läuft</translation>
    </message>
    <message>
        <source>Extract beside the targets and verify, regenerate the broker, set the owner, swap by rename, remove the old directories. Cancel before the swap rolls back; a crash is finished or rolled back by the next restore.</source>
        <translation>Neben den Zielen entpacken und prüfen, Broker neu erzeugen, Eigentümer setzen, durch Umbenennen tauschen, alte Verzeichnisse entfernen. Abbrechen vor dem Tausch rollt zurück; nach einem Absturz vollendet oder verwirft die nächste Wiederherstellung.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Angehalten: %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Startet…</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestoreResultPage</name>
    <message>
        <source>5. Result</source>
        <translation>5. Ergebnis</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>✔ Restored</source>
        <translation>✔ Wiederhergestellt</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n link(s), %2) is now in [broker] dir %3 and [data] dir %4, owned by %5; the broker index is %6.

Next steps:
1. Start the node with the command below (or systemctl start tidemarkd).
2. Check it: tidemark-cli node-info shows index %6.
3. Take a new full backup: the restored node continues the index from %6.</source>
        <translation>
            <numerusform>%1 (%n Glied, %2) liegt jetzt in [broker] dir %3 und [data] dir %4, Eigentümer %5; der Broker-Index ist %6.

Nächste Schritte:
1. Den Knoten mit dem Befehl unten starten (oder systemctl start tidemarkd).
2. Prüfen: tidemark-cli node-info zeigt Index %6.
3. Eine neue Vollsicherung anlegen: der wiederhergestellte Knoten zählt den Index ab %6 weiter.</numerusform>
            <numerusform>%1 (%n Glieder, %2) liegt jetzt in [broker] dir %3 und [data] dir %4, Eigentümer %5; der Broker-Index ist %6.

Nächste Schritte:
1. Den Knoten mit dem Befehl unten starten (oder systemctl start tidemarkd).
2. Prüfen: tidemark-cli node-info zeigt Index %6.
3. Eine neue Vollsicherung anlegen: der wiederhergestellte Knoten zählt den Index ab %6 weiter.</numerusform>
        </translation>
    </message>
    <message>
        <source>Restore cancelled</source>
        <translation>Wiederherstellung abgebrochen</translation>
    </message>
    <message>
        <source>✖ Restore failed</source>
        <translation>✖ Wiederherstellung fehlgeschlagen</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>Was zu tun ist: %1</translation>
    </message>
    <message>
        <source>Running the restore again finishes or rolls back an interrupted one. The same from a terminal:</source>
        <translation>Ein erneuter Lauf vollendet eine unterbrochene Wiederherstellung oder rollt sie zurück. Dasselbe im Terminal:</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestoreWizard</name>
    <message>
        <source>Restore a node from a backup</source>
        <translation>Einen Knoten aus einer Sicherung wiederherstellen</translation>
    </message>
    <message>
        <source>Restored %1 with config %2</source>
        <translation>%1 mit Konfiguration %2 wiederhergestellt</translation>
    </message>
    <message>
        <source>Restore of %1 failed: %2</source>
        <translation>Wiederherstellung von %1 fehlgeschlagen: %2</translation>
    </message>
</context>
</TS>
