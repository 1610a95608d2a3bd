<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Alert</name>
    <message>
        <source>Check that the node runs and can be reached from this machine.</source>
        <translation>Prüfen, ob der Knoten läuft und von diesem Rechner aus erreichbar ist.</translation>
    </message>
    <message>
        <source>Check the node&apos;s token (--token-file) against the node&apos;s config.</source>
        <translation>Das Token des Knotens (--token-file) mit seiner Konfiguration abgleichen.</translation>
    </message>
    <message>
        <source>The node has snapshots off: set [snapshot] enabled = true in its config.</source>
        <translation>Auf dem Knoten sind Snapshots abgeschaltet: in seiner Konfiguration [snapshot] enabled = true setzen.</translation>
    </message>
    <message>
        <source>Run tidemark-cli verify on the chain; start a new chain if a link is damaged.</source>
        <translation>tidemark-cli verify für die Kette ausführen; eine neue Kette beginnen, wenn ein Glied beschädigt ist.</translation>
    </message>
    <message>
        <source>Check the room and the permissions where the chain is kept.</source>
        <translation>Freien Platz und Berechtigungen dort prüfen, wo die Kette liegt.</translation>
    </message>
    <message>
        <source>Another job held the node or the chain; check that runs do not overlap.</source>
        <translation>Ein anderer Auftrag hielt den Knoten oder die Kette belegt; prüfen, dass sich die Läufe nicht überschneiden.</translation>
    </message>
    <message>
        <source>Check the schedule&apos;s settings and the config files it names.</source>
        <translation>Die Einstellungen des Zeitplans und die darin genannten Konfigurationsdateien prüfen.</translation>
    </message>
    <message>
        <source>See tidemark-cli history and the job&apos;s log for the details.</source>
        <translation>Einzelheiten stehen in tidemark-cli history und im Protokoll des Auftrags.</translation>
    </message>
    <message numerus="yes">
        <source>Tidemark: no %1 of %2 for %n hour(s)</source>
        <translation>
            <numerusform>Tidemark: %1 von %2 seit %n Stunde ohne Erfolg</numerusform>
            <numerusform>Tidemark: %1 von %2 seit %n Stunden ohne Erfolg</numerusform>
        </translation>
    </message>
    <message>
        <source>Tidemark: %1 of %2 failed</source>
        <translation>Tidemark: %1 von %2 fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 into %2</source>
        <translation>%1 nach %2</translation>
    </message>
    <message>
        <source>%1 (schedule %2)</source>
        <translation>%1 (Zeitplan %2)</translation>
    </message>
    <message>
        <source>The last good backup was at %1.</source>
        <translation>Die letzte erfolgreiche Sicherung war am %1.</translation>
    </message>
    <message>
        <source>There has never been a good backup.</source>
        <translation>Es gab noch nie eine erfolgreiche Sicherung.</translation>
    </message>
    <message numerus="yes">
        <source>No successful %1 of %2 for more than %n hour(s). %3</source>
        <translation>
            <numerusform>%1 von %2 seit mehr als %n Stunde ohne Erfolg. %3</numerusform>
            <numerusform>%1 von %2 seit mehr als %n Stunden ohne Erfolg. %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Check that the schedule runs (tidemark-cli history) and that the node can be reached.</source>
        <translation>Prüfen, ob der Zeitplan läuft (tidemark-cli history) und der Knoten erreichbar ist.</translation>
    </message>
    <message>
        <source> at %1</source>
        <translation> am %1</translation>
    </message>
    <message numerus="yes">
        <source> after %n tries</source>
        <translation>
            <numerusform> nach %n Versuch</numerusform>
            <numerusform> nach %n Versuchen</numerusform>
        </translation>
    </message>
    <message>
        <source>The %1 of %2 failed%3%4: %5</source>
        <translation>%1 von %2 ist%3%4 fehlgeschlagen: %5</translation>
    </message>
</context>
<context>
    <name>ArchiveReader</name>
    <message>
        <source>a directory</source>
        <translation>ein Verzeichnis</translation>
    </message>
    <message>
        <source>a character device</source>
        <translation>ein zeichenorientiertes Gerät</translation>
    </message>
    <message>
        <source>a block device</source>
        <translation>ein blockorientiertes Gerät</translation>
    </message>
    <message>
        <source>a FIFO</source>
        <translation>ein FIFO</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>ein Socket</translation>
    </message>
    <message>
        <source>a symbolic link</source>
        <translation>ein symbolischer Link</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>keine reguläre Datei</translation>
    </message>
    <message>
        <source>archive &apos;%1&apos;</source>
        <translation>Archiv „%1“</translation>
    </message>
    <message>
        <source>archive &apos;%1&apos;: entry &apos;%2&apos;</source>
        <translation>Archiv „%1“: Eintrag „%2“</translation>
    </message>
    <message>
        <source>The archive is damaged or was not written by Tidemark; take a new backup.</source>
        <translation>Das Archiv ist beschädigt oder stammt nicht von Tidemark; eine neue Sicherung anlegen.</translation>
    </message>
    <message>
        <source>%1: reading the archive failed while %2.</source>
        <translation>%1: Das Archiv konnte beim %2 nicht gelesen werden.</translation>
    </message>
    <message>
        <source>has changed bytes in the padding after its content (tar pads with zeros)</source>
        <translation>hat veränderte Bytes in der Auffüllung nach seinem Inhalt (tar füllt mit Nullen auf)</translation>
    </message>
    <message>
        <source>cannot decompress the archive while %1: %2</source>
        <translation>Dekomprimieren fehlgeschlagen beim %1: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: out of memory.</source>
        <translation>%1: Nicht genügend Arbeitsspeicher.</translation>
    </message>
    <message>
        <source>%1: this build of libarchive cannot read snapshots.</source>
        <translation>%1: Dieser Build von libarchive kann keine Snapshots lesen.</translation>
    </message>
    <message>
        <source>is empty: it has no &apos;manifest&apos; entry</source>
        <translation>ist leer: der Eintrag „manifest“ fehlt</translation>
    </message>
    <message>
        <source>opening it</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>is not a snapshot archive (a tar file, plain or zstd-compressed): %1</source>
        <translation>ist kein Snapshot-Archiv (eine tar-Datei, unkomprimiert oder mit zstd komprimiert): %1</translation>
    </message>
    <message>
        <source>is a hard link; only regular files are allowed</source>
        <translation>ist ein harter Link; nur reguläre Dateien sind erlaubt</translation>
    </message>
    <message>
        <source>is a symbolic link; only regular files are allowed</source>
        <translation>ist ein symbolischer Link; nur reguläre Dateien sind erlaubt</translation>
    </message>
    <message>
        <source>is %1; only regular files are allowed</source>
        <translation>ist %1; nur reguläre Dateien sind erlaubt</translation>
    </message>
    <message>
        <source>has no size</source>
        <translation>hat keine Größe</translation>
    </message>
    <message>
        <source>has an absolute path</source>
        <translation>hat einen absoluten Pfad</translation>
    </message>
    <message>
        <source>contains &apos;..&apos;</source>
        <translation>enthält „..“</translation>
    </message>
    <message>
        <source>is a duplicate entry</source>
        <translation>ist ein doppelter Eintrag</translation>
    </message>
    <message>
        <source>is not in the manifest</source>
        <translation>steht nicht im Manifest</translation>
    </message>
    <message>
        <source>is out of order: the manifest lists &apos;%1&apos; next</source>
        <translation>steht an der falschen Stelle: laut Manifest folgt „%1“</translation>
    </message>
    <message>
        <source>has %1 bytes but the manifest says %2</source>
        <translation>hat %1 Bytes, laut Manifest aber %2</translation>
    </message>
    <message>
        <source>reading its content</source>
        <translation>Lesen seines Inhalts</translation>
    </message>
    <message>
        <source>%1: storing the content failed: the destination refused it.</source>
        <translation>%1: Speichern des Inhalts fehlgeschlagen: das Ziel hat ihn abgelehnt.</translation>
    </message>
    <message>
        <source>Check free disk space and permissions of the destination.</source>
        <translation>Freien Speicherplatz und Berechtigungen des Ziels prüfen.</translation>
    </message>
    <message>
        <source>ended after %1 of %2 bytes</source>
        <translation>endete nach %1 von %2 Bytes</translation>
    </message>
    <message>
        <source>checksum %1 differs from the manifest&apos;s %2</source>
        <translation>Prüfsumme %1 weicht von der im Manifest (%2) ab</translation>
    </message>
    <message>
        <source>the first entry is &apos;%1&apos;, not &apos;manifest&apos;</source>
        <translation>der erste Eintrag ist „%1“, nicht „manifest“</translation>
    </message>
    <message>
        <source>has %1 bytes, more than the limit of %2</source>
        <translation>hat %1 Bytes, mehr als die Grenze von %2</translation>
    </message>
    <message>
        <source>cannot locate the end of the archive</source>
        <translation>das Ende des Archivs ist nicht auffindbar</translation>
    </message>
    <message>
        <source>has bytes after the end of the archive</source>
        <translation>hat Bytes nach dem Ende des Archivs</translation>
    </message>
    <message>
        <source>reading past the end of the archive</source>
        <translation>Lesen über das Ende des Archivs hinaus</translation>
    </message>
    <message>
        <source>%1: the manifest was already read.</source>
        <translation>%1: Das Manifest wurde bereits gelesen.</translation>
    </message>
    <message>
        <source>reading the first entry</source>
        <translation>Lesen des ersten Eintrags</translation>
    </message>
    <message>
        <source>%1: nextFile() called before readManifest().</source>
        <translation>%1: nextFile() vor readManifest() aufgerufen.</translation>
    </message>
    <message>
        <source>reading the entry after &apos;%1&apos;</source>
        <translation>Lesen des Eintrags nach „%1“</translation>
    </message>
    <message>
        <source>%1: finish() called before readManifest().</source>
        <translation>%1: finish() vor readManifest() aufgerufen.</translation>
    </message>
    <message>
        <source>ends with %1 of its %2 manifest files missing: %3</source>
        <translation>endet vorzeitig, es fehlen %1 der %2 Dateien des Manifests: %3</translation>
    </message>
    <message>
        <source>is not contiguous (a sparse entry)</source>
        <translation>ist nicht zusammenhängend (ein Eintrag mit Lücken)</translation>
    </message>
    <message>
        <source>comes after the final manifest</source>
        <translation>kommt nach dem abschließenden Manifest</translation>
    </message>
    <message>
        <source>came before %1 of the manifest&apos;s files: %2</source>
        <translation>kam vor %1 der Dateien des Manifests: %2</translation>
    </message>
    <message>
        <source>came where the final manifest &apos;%1&apos; was due</source>
        <translation>kam an der Stelle, an der das abschließende Manifest &apos;%1&apos; fällig war</translation>
    </message>
    <message>
        <source>checksum %1 differs from the final manifest&apos;s %2</source>
        <translation>Prüfsumme %1 weicht von der des abschließenden Manifests ab (%2)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>differs from the head manifest in more than the checksums</source>
        <translation>weicht vom Kopfmanifest in mehr als den Prüfsummen ab</translation>
    </message>
    <message>
        <source>is format 2 but lists a checksum for &apos;%1&apos; (format 2 lists checksums only in its final manifest)</source>
        <translation>ist Format 2, nennt aber eine Prüfsumme für &apos;%1&apos; (Format 2 nennt Prüfsummen nur im abschließenden Manifest)</translation>
    </message>
    <message>
        <source>ends without its final manifest &apos;%1&apos; (the stream was cut, or the node failed while sending it)</source>
        <translation>endet ohne sein abschließendes Manifest &apos;%1&apos; (der Datenstrom wurde abgeschnitten, oder der Knoten ist beim Senden gescheitert)</translation>
    </message>
    <message>
        <source>%1: useFinalManifest() belongs right after readManifest().</source>
        <translation>%1: useFinalManifest() gehört direkt hinter readManifest().</translation>
    </message>
    <message>
        <source>read from the end does not belong to the head manifest</source>
        <translation>vom Ende gelesen, gehört nicht zum Kopfmanifest</translation>
    </message>
    <message>
        <source>archive &apos;%1&apos;: its final manifest cannot be found from its end: %2</source>
        <translation>Archiv &apos;%1&apos;: sein abschließendes Manifest ist vom Ende her nicht zu finden: %2</translation>
    </message>
    <message>
        <source>archive &apos;%1&apos;: reading its end needs random access.</source>
        <translation>Archiv &apos;%1&apos;: das Lesen seines Endes braucht wahlfreien Zugriff.</translation>
    </message>
    <message>
        <source>it is too short</source>
        <translation>es ist zu kurz</translation>
    </message>
    <message>
        <source>it does not end with the frame that points at the final manifest</source>
        <translation>es endet nicht mit dem Rahmen, der auf das abschließende Manifest zeigt</translation>
    </message>
    <message>
        <source>the frame points outside the archive</source>
        <translation>der Rahmen zeigt aus dem Archiv hinaus</translation>
    </message>
    <message>
        <source>Cannot create a zstd decompressor: out of memory.</source>
        <translation>Kann keinen zstd-Dekompressor anlegen: kein Speicher mehr.</translation>
    </message>
    <message>
        <source>its last frame does not decompress: %1</source>
        <translation>sein letzter Rahmen lässt sich nicht entpacken: %1</translation>
    </message>
    <message>
        <source>its last frame is not the end of a tar stream</source>
        <translation>sein letzter Rahmen ist nicht das Ende eines tar-Datenstroms</translation>
    </message>
    <message>
        <source>its size is not a whole number of tar blocks</source>
        <translation>seine Größe ist keine ganze Zahl von tar-Blöcken</translation>
    </message>
    <message>
        <source>its last entry is not &apos;%1&apos;</source>
        <translation>sein letzter Eintrag ist nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not the final manifest of a format-2 archive</source>
        <translation>&apos;%1&apos; ist nicht das abschließende Manifest eines Format-2-Archivs</translation>
    </message>
    <message>
        <source>does not end with the zstd frame that points at its final manifest</source>
        <translation>endet nicht mit dem zstd-Rahmen, der auf sein abschließendes Manifest zeigt</translation>
    </message>
    <message>
        <source>has %1 bytes but the final manifest says %2</source>
        <translation>hat %1 Bytes, aber das abschließende Manifest sagt %2</translation>
    </message>
</context>
<context>
    <name>ArchiveWriter</name>
    <message>
        <source>The snapshot archive is not open.</source>
        <translation>Das Snapshot-Archiv ist nicht geöffnet.</translation>
    </message>
    <message>
        <source>The snapshot archive is already finished.</source>
        <translation>Das Snapshot-Archiv ist bereits abgeschlossen.</translation>
    </message>
    <message>
        <source> while writing &apos;%1&apos;</source>
        <translation> bei „%1“</translation>
    </message>
    <message>
        <source>Writing the snapshot archive failed%1: the destination stopped accepting data.</source>
        <translation>Fehler beim Schreiben des Snapshot-Archivs%1: das Ziel nimmt keine Daten mehr an.</translation>
    </message>
    <message>
        <source>Check free disk space, or whether the receiving side closed the connection.</source>
        <translation>Den freien Speicherplatz prüfen oder nachsehen, ob die Gegenseite die Verbindung geschlossen hat.</translation>
    </message>
    <message>
        <source>Writing the snapshot archive failed%1: %2</source>
        <translation>Fehler beim Schreiben des Snapshot-Archivs%1: %2</translation>
    </message>
    <message>
        <source>shorter</source>
        <translation>kürzer</translation>
    </message>
    <message>
        <source>longer</source>
        <translation>länger</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is %2 than expected: %3 bytes instead of %4.</source>
        <translation>„%1“ ist %2 als erwartet: %3 Bytes statt %4.</translation>
    </message>
    <message>
        <source>The file changed while it was being copied; take the snapshot again.</source>
        <translation>Die Datei hat sich beim Kopieren geändert; den Snapshot erneut anlegen.</translation>
    </message>
    <message>
        <source>Cannot add &apos;%1&apos; to the snapshot archive: out of memory.</source>
        <translation>„%1“ kann nicht zum Snapshot-Archiv hinzugefügt werden: nicht genügend Arbeitsspeicher.</translation>
    </message>
    <message>
        <source>Reading &apos;%1&apos; failed: %2</source>
        <translation>Lesen von „%1“ fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>The snapshot archive was opened twice.</source>
        <translation>Das Snapshot-Archiv wurde zweimal geöffnet.</translation>
    </message>
    <message>
        <source>Cannot create a snapshot archive: out of memory.</source>
        <translation>Snapshot-Archiv kann nicht angelegt werden: nicht genügend Arbeitsspeicher.</translation>
    </message>
    <message>
        <source>Cannot set up the tar writer: %1</source>
        <translation>Der tar-Schreiber kann nicht eingerichtet werden: %1</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos; for the snapshot archive: %2</source>
        <translation>„%1“ kann für das Snapshot-Archiv nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Choose a level from %1 to %2.</source>
        <translation>Wählen Sie eine Stufe von %1 bis %2.</translation>
    </message>
    <message>
        <source>Compressing the snapshot archive with zstd failed%1: %2</source>
        <translation>Das Komprimieren des Snapshot-Archivs mit zstd ist fehlgeschlagen%1: %2</translation>
    </message>
    <message>
        <source>Cannot create a zstd compressor: out of memory.</source>
        <translation>Kann keinen zstd-Kompressor anlegen: kein Speicher mehr.</translation>
    </message>
    <message>
        <source>zstd cannot compress at level %1.</source>
        <translation>zstd kann nicht auf Stufe %1 komprimieren.</translation>
    </message>
    <message>
        <source>Entry &apos;%1&apos; of the snapshot archive is still open.</source>
        <translation>Eintrag „%1“ des Snapshot-Archivs ist noch offen.</translation>
    </message>
    <message>
        <source>No entry of the snapshot archive is open.</source>
        <translation>Kein Eintrag des Snapshot-Archivs ist offen.</translation>
    </message>
</context>
<context>
    <name>BackupChain</name>
    <message>
        <source>Backup chain &apos;%1&apos; is broken: &apos;%2&apos; exists but the full snapshot &apos;%1&apos; is missing</source>
        <translation>Sicherungskette „%1“ ist fehlerhaft: „%2“ existiert, aber die Vollsicherung „%1“ fehlt</translation>
    </message>
    <message>
        <source>Restore the full snapshot to &apos;%1&apos;, or move the incrementals aside to start a new chain.</source>
        <translation>Die Vollsicherung wieder nach „%1“ legen oder die inkrementellen Sicherungen beiseiteschieben, um eine neue Kette zu beginnen.</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; is broken: &apos;%2&apos; exists but &apos;%3&apos; is missing</source>
        <translation>Sicherungskette „%1“ ist fehlerhaft: „%2“ existiert, aber „%3“ fehlt</translation>
    </message>
    <message>
        <source>Put &apos;%1&apos; back, or move &apos;%2&apos; and the later incrementals aside; the links before the gap are still usable.</source>
        <translation>„%1“ zurücklegen oder „%2“ und die späteren inkrementellen Sicherungen beiseiteschieben; die Glieder vor der Lücke bleiben nutzbar.</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; is broken: &apos;%1&apos; is an incremental snapshot, not a full one</source>
        <translation>Sicherungskette „%1“ ist fehlerhaft: „%1“ ist eine inkrementelle Sicherung, keine Vollsicherung</translation>
    </message>
    <message>
        <source>A chain starts with a full snapshot; move &apos;%1&apos; aside and take a full backup.</source>
        <translation>Eine Kette beginnt mit einer Vollsicherung; „%1“ beiseiteschieben und eine Vollsicherung anlegen.</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; is broken: &apos;%2&apos; is a full snapshot, but only &apos;%1&apos; may be one</source>
        <translation>Sicherungskette „%1“ ist fehlerhaft: „%2“ ist eine Vollsicherung, aber nur „%1“ darf eine sein</translation>
    </message>
    <message>
        <source>Move &apos;%1&apos; aside (it may be the start of another chain).</source>
        <translation>„%1“ beiseiteschieben (es ist vielleicht der Anfang einer anderen Kette).</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; is broken: &apos;%2&apos; belongs to chain %3, but &apos;%1&apos; starts chain %4</source>
        <translation>Sicherungskette „%1“ ist fehlerhaft: „%2“ gehört zur Kette %3, aber „%1“ beginnt die Kette %4</translation>
    </message>
    <message>
        <source>&apos;%1&apos; comes from another chain; move it and any later incrementals aside.</source>
        <translation>„%1“ stammt aus einer anderen Kette; die Datei und alle späteren inkrementellen Sicherungen beiseiteschieben.</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; is broken: &apos;%2&apos; is a snapshot of a %3 node, but &apos;%1&apos; is of a %4 node</source>
        <translation>Sicherungskette „%1“ ist fehlerhaft: „%2“ ist der Snapshot eines %3-Knotens, „%1“ aber der eines %4-Knotens</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; is empty: there is nothing to restore.</source>
        <translation>Sicherungskette „%1“ ist leer: es gibt nichts wiederherzustellen.</translation>
    </message>
    <message>
        <source>Check the path, or take a full backup first.</source>
        <translation>Den Pfad prüfen oder zuerst eine Vollsicherung anlegen.</translation>
    </message>
    <message>
        <source>only -1 (the full snapshot) is possible</source>
        <translation>nur -1 (die Vollsicherung) ist möglich</translation>
    </message>
    <message>
        <source>choose -1 (the full snapshot only) up to %1</source>
        <translation>-1 (nur die Vollsicherung) bis %1 wählen</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; has no incremental %2.</source>
        <translation>Sicherungskette „%1“ hat keine inkrementelle Sicherung %2.</translation>
    </message>
    <message numerus="yes">
        <source>The chain has %n incremental(s); %1.</source>
        <translation>
            <numerusform>Die Kette hat %n inkrementelle Sicherung; %1.</numerusform>
            <numerusform>Die Kette hat %n inkrementelle Sicherungen; %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open backup &apos;%1&apos;: %2</source>
        <translation>Sicherung „%1“ kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the final manifest of &apos;%1&apos;: the link cannot be read from its end</source>
        <translation>Kann das abschließende Manifest von &apos;%1&apos; nicht lesen: das Glied lässt sich nicht von seinem Ende her lesen</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is encrypted, but the chain &apos;%2&apos; has no key file &apos;%3&apos;</source>
        <translation>„%1“ ist verschlüsselt, aber die Kette „%2“ hat keine Schlüsseldatei „%3“</translation>
    </message>
    <message>
        <source>Put the chain&apos;s key file back from a copy of the chain; without it no link can be read.</source>
        <translation>Legen Sie die Schlüsseldatei der Kette aus einer Kopie der Kette zurück; ohne sie ist kein Glied lesbar.</translation>
    </message>
    <message>
        <source>A chain is encrypted from its full snapshot on; &apos;%1&apos; does not belong to this plain chain: move it aside.</source>
        <translation>Eine Kette ist ab ihrem Vollabzug verschlüsselt; „%1“ gehört nicht zu dieser unverschlüsselten Kette: verschieben Sie die Datei.</translation>
    </message>
</context>
<context>
    <name>BlockMapCache</name>
    <message>
        <source>no block map</source>
        <translation>keine Blockkarte</translation>
    </message>
    <message>
        <source>block map &apos;%1&apos; has no valid header</source>
        <translation>Blockkarte „%1“ hat keinen gültigen Kopf</translation>
    </message>
    <message>
        <source>block map &apos;%1&apos; is damaged (its header does not match its size)</source>
        <translation>Blockkarte „%1“ ist beschädigt (ihr Kopf passt nicht zu ihrer Größe)</translation>
    </message>
    <message>
        <source>block map &apos;%1&apos; is of a file of %2 bytes, not %3</source>
        <translation>Blockkarte „%1“ gehört zu einer Datei mit %2 Bytes, nicht %3</translation>
    </message>
    <message>
        <source>block map &apos;%1&apos; is damaged (its checksum does not match)</source>
        <translation>Blockkarte „%1“ ist beschädigt (ihre Prüfsumme stimmt nicht)</translation>
    </message>
</context>
<context>
    <name>BlockPatchApplier</name>
    <message>
        <source>The changed blocks of %1 are damaged: %2</source>
        <translation>Die geänderten Blöcke von %1 sind beschädigt: %2</translation>
    </message>
    <message>
        <source>Restore up to an earlier link (--upto), or from another backup.</source>
        <translation>Bis zu einem früheren Glied wiederherstellen (--upto) oder aus einer anderen Sicherung.</translation>
    </message>
    <message>
        <source>they do not start with the block link header</source>
        <translation>sie beginnen nicht mit dem Kopf eines Block-Glieds</translation>
    </message>
    <message>
        <source>their block size is %1 but the manifest says %2</source>
        <translation>ihre Blockgröße ist %1, laut Manifest aber %2</translation>
    </message>
    <message>
        <source>their header has a reserved field that is not zero</source>
        <translation>ihr Kopf hat ein reserviertes Feld, das nicht null ist</translation>
    </message>
    <message>
        <source>they rebuild a file of %1 bytes but the manifest says %2</source>
        <translation>sie ergeben eine Datei mit %1 Bytes, laut Manifest aber %2</translation>
    </message>
    <message>
        <source>a run header has a reserved field that is not zero</source>
        <translation>der Kopf einer Blockfolge hat ein reserviertes Feld, das nicht null ist</translation>
    </message>
    <message>
        <source>the end record has a count</source>
        <translation>der Endeintrag hat eine Anzahl</translation>
    </message>
    <message>
        <source>a run at block %1 holds no block</source>
        <translation>eine Blockfolge ab Block %1 enthält keinen Block</translation>
    </message>
    <message>
        <source>the run at block %1 is out of order or overlaps the one before</source>
        <translation>die Blockfolge ab Block %1 steht an der falschen Stelle oder überlappt die vorige</translation>
    </message>
    <message>
        <source>the run of %1 blocks at block %2 reaches past the file&apos;s %3 blocks</source>
        <translation>die Folge von %1 Blöcken ab Block %2 reicht über die %3 Blöcke der Datei hinaus</translation>
    </message>
    <message>
        <source>bytes follow their end record</source>
        <translation>auf ihren Endeintrag folgen noch Bytes</translation>
    </message>
    <message>
        <source>Cannot write the changed blocks of %1: %2</source>
        <translation>Die geänderten Blöcke von %1 können nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free disk space and permissions of the destination.</source>
        <translation>Freien Speicherplatz und Berechtigungen des Ziels prüfen.</translation>
    </message>
    <message>
        <source>they end before their end record</source>
        <translation>sie enden vor ihrem Endeintrag</translation>
    </message>
    <message>
        <source>Cannot set the size of %1: %2</source>
        <translation>Die Größe von %1 kann nicht gesetzt werden: %2</translation>
    </message>
</context>
<context>
    <name>BrokerStore</name>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot create directory &apos;%1&apos;</source>
        <translation>Verzeichnis „%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot create broker directory &apos;%1&apos;</source>
        <translation>Broker-Verzeichnis „%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Check that the parent directory exists and is writable.</source>
        <translation>Prüfen, ob das übergeordnete Verzeichnis existiert und beschreibbar ist.</translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <source>%1 (node %2)</source>
        <translation>%1 (Knoten %2)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has incrementals but no full snapshot</source>
        <translation>„%1“ hat inkrementelle Sicherungen, aber keine Vollsicherung</translation>
    </message>
    <message>
        <source>Nothing can be restored from it; remove its files by hand once you are sure.</source>
        <translation>Daraus lässt sich nichts wiederherstellen; die Dateien von Hand entfernen, sobald Sie sich sicher sind.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds no link, only what a chain keeps beside it</source>
        <translation>„%1“ enthält kein Glied, nur das, was eine Kette neben sich ablegt</translation>
    </message>
    <message>
        <source>A backup writing its first link, or a chain not wholly removed: prune removes what is left once no backup holds its lock.</source>
        <translation>Eine Sicherung, die ihr erstes Glied schreibt, oder eine nicht ganz entfernte Kette: die Bereinigung entfernt den Rest, sobald keine Sicherung mehr ihre Sperre hält.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; changed while it was read</source>
        <translation>„%1“ hat sich beim Lesen geändert</translation>
    </message>
    <message>
        <source>List it again once the backup writing it is done.</source>
        <translation>Erneut auflisten, sobald die Sicherung, die sie schreibt, fertig ist.</translation>
    </message>
    <message>
        <source>Listing &apos;%1&apos; cancelled</source>
        <translation>Auflisten von „%1“ abgebrochen</translation>
    </message>
</context>
<context>
    <name>ChainBrowser</name>
    <message>
        <source>Listing cancelled</source>
        <translation>Auflisten abgebrochen</translation>
    </message>
    <message>
        <source>%1 changed while it was read</source>
        <translation>%1 hat sich beim Lesen geändert</translation>
    </message>
    <message>
        <source>Run `tidemark-cli verify` on the chain, then list it again.</source>
        <translation>`tidemark-cli verify` für die Kette ausführen, dann erneut auflisten.</translation>
    </message>
    <message>
        <source>%1 does not hold &apos;%2&apos; as the chain listed</source>
        <translation>%1 enthält „%2“ nicht so, wie die Kette es aufgelistet hat</translation>
    </message>
    <message>
        <source>%1 ended before the files asked of it</source>
        <translation>%1 endete vor den angeforderten Dateien</translation>
    </message>
    <message>
        <source>reading %1 from %2</source>
        <translation>liest %1 aus %2</translation>
    </message>
    <message>
        <source>%1: expected &apos;%2&apos; next in the archive</source>
        <translation>%1: als Nächstes im Archiv wurde „%2“ erwartet</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a path inside a backup: %2</source>
        <translation>„%1“ ist kein Pfad innerhalb einer Sicherung: %2</translation>
    </message>
    <message>
        <source>Give DATABASE, DATABASE/RP, DATABASE/RP/SHARD-ID or DATABASE/RP/SHARD-ID/MEASUREMENT.</source>
        <translation>DATENBANK, DATENBANK/RP, DATENBANK/RP/SHARD-ID oder DATENBANK/RP/SHARD-ID/MEASUREMENT angeben.</translation>
    </message>
    <message>
        <source>part %1 is empty</source>
        <translation>Teil %1 ist leer</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a shard id</source>
        <translation>„%1“ ist keine Shard-ID</translation>
    </message>
    <message>
        <source>&apos;%1&apos; names no chain before its &apos;:&apos;</source>
        <translation>„%1“ nennt vor seinem „:“ keine Kette</translation>
    </message>
    <message>
        <source>Give CHAIN or CHAIN:N, e.g. /backups/node1:2 for /backups/node1.2.</source>
        <translation>KETTE oder KETTE:N angeben, z. B. /backups/node1:2 für /backups/node1.2.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a link of a chain: &apos;%2&apos; is not a link number</source>
        <translation>„%1“ ist kein Glied einer Kette: „%2“ ist keine Gliednummer</translation>
    </message>
    <message>
        <source>N is -1 for the full snapshot, 0 for CHAIN.0, 1 for CHAIN.1, …; without :N the newest link. For a chain whose name holds a colon after its last slash, add one more colon at the end (CHAIN:).</source>
        <translation>N ist -1 für die Vollsicherung, 0 für KETTE.0, 1 für KETTE.1, …; ohne :N das neueste Glied. Bei einer Kette, deren Name nach dem letzten Schrägstrich einen Doppelpunkt enthält, am Ende einen weiteren Doppelpunkt anhängen (KETTE:).</translation>
    </message>
    <message>
        <source>reading %1</source>
        <translation>liest %1</translation>
    </message>
    <message>
        <source>There is no backup at &apos;%1&apos;</source>
        <translation>Unter „%1“ gibt es keine Sicherung</translation>
    </message>
    <message>
        <source>Give the path of a chain&apos;s full snapshot.</source>
        <translation>Den Pfad der Vollsicherung einer Kette angeben.</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; has no link %2</source>
        <translation>Sicherungskette „%1“ hat kein Glied %2</translation>
    </message>
    <message>
        <source>It holds its full snapshot only: give %1 or %1:-1.</source>
        <translation>Sie enthält nur ihre Vollsicherung: %1 oder %1:-1 angeben.</translation>
    </message>
    <message>
        <source>Give a link from -1 (the full snapshot) to %1 (%2), or none for the newest.</source>
        <translation>Ein Glied von -1 (die Vollsicherung) bis %1 (%2) angeben, oder keines für das neueste.</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; holds no meta store up to %2</source>
        <translation>Sicherungskette „%1“ enthält bis %2 keinen Meta-Store</translation>
    </message>
    <message>
        <source>%1 holds no database &apos;%2&apos; at %3</source>
        <translation>%1 enthält zum Stand %3 keine Datenbank „%2“</translation>
    </message>
    <message>
        <source>Its databases there: %1.</source>
        <translation>Ihre Datenbanken dort: %1.</translation>
    </message>
    <message>
        <source>Database &apos;%1&apos; has no retention policy &apos;%2&apos; at %3</source>
        <translation>Datenbank „%1“ hat zum Stand %3 keine Retention Policy „%2“</translation>
    </message>
    <message>
        <source>Its retention policies there: %1.</source>
        <translation>Ihre Retention Policies dort: %1.</translation>
    </message>
    <message>
        <source>%1/%2 has no shard %3 at %4</source>
        <translation>%1/%2 hat zum Stand %4 keinen Shard %3</translation>
    </message>
    <message>
        <source>Its shards there: %1.</source>
        <translation>Ihre Shards dort: %1.</translation>
    </message>
    <message>
        <source>Shard %1 of %2/%3 holds no measurement &apos;%4&apos; at %5</source>
        <translation>Shard %1 von %2/%3 enthält zum Stand %5 kein Measurement „%4“</translation>
    </message>
    <message>
        <source>Its measurements there: %1.</source>
        <translation>Seine Measurements dort: %1.</translation>
    </message>
    <message>
        <source>A shallow listing stops at the shards: it lists no measurement</source>
        <translation>Eine flache Auflistung endet bei den Shards: Sie zeigt kein Measurement</translation>
    </message>
    <message>
        <source>Leave out the measurement, or list without --shallow.</source>
        <translation>Lassen Sie das Measurement weg, oder listen Sie ohne --shallow auf.</translation>
    </message>
</context>
<context>
    <name>ChainExporter</name>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos; is not a time</source>
        <translation>%1 „%2“ ist keine Zeitangabe</translation>
    </message>
    <message>
        <source>Give RFC 3339 (e.g. %1 2026-11-30T12:00:00Z or 2026-11-30T13:00:00.5+01:00) or an integer with a unit (1796040000s, 1796040000000ms, …us, …ns; no unit: nanoseconds).</source>
        <translation>RFC 3339 angeben (z. B. %1 2026-11-30T12:00:00Z oder 2026-11-30T13:00:00.5+01:00) oder eine ganze Zahl mit Einheit (1796040000s, 1796040000000ms, …us, …ns; ohne Einheit: Nanosekunden).</translation>
    </message>
    <message>
        <source>export needs --database</source>
        <translation>export braucht --database</translation>
    </message>
    <message>
        <source>Give --database NAME.</source>
        <translation>--database NAME angeben.</translation>
    </message>
    <message>
        <source>--start is not before --end: no point lies in between</source>
        <translation>--start liegt nicht vor --end: dazwischen liegt kein Punkt</translation>
    </message>
    <message>
        <source>--start is inclusive, --end exclusive: give an --end after --start.</source>
        <translation>--start ist inklusiv, --end exklusiv: ein --end nach --start angeben.</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>Export abgebrochen</translation>
    </message>
    <message>
        <source>reading %1</source>
        <translation>liest %1</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; holds no meta store up to %2</source>
        <translation>Sicherungskette „%1“ enthält bis %2 keinen Meta-Store</translation>
    </message>
    <message>
        <source>%1 holds no database &apos;%2&apos; at %3</source>
        <translation>%1 enthält zum Stand %3 keine Datenbank „%2“</translation>
    </message>
    <message>
        <source>Its databases there: %1. Give one of them as --database.</source>
        <translation>Ihre Datenbanken dort: %1. Eine davon als --database angeben.</translation>
    </message>
    <message>
        <source>Database &apos;%1&apos; has no retention policy &apos;%2&apos; at %3</source>
        <translation>Datenbank „%1“ hat zum Stand %3 keine Retention Policy „%2“</translation>
    </message>
    <message>
        <source>Its retention policies there: %1. Give one of them as --rp, or leave --rp out.</source>
        <translation>Ihre Retention Policies dort: %1. Eine davon als --rp angeben oder --rp weglassen.</translation>
    </message>
    <message>
        <source>Database &apos;%1&apos; holds no measurement &apos;%2&apos; in the shards read at %3</source>
        <translation>Datenbank „%1“ enthält in den zum Stand %3 gelesenen Shards kein Measurement „%2“</translation>
    </message>
    <message>
        <source>`tidemark-cli ls %1:%2 %3` lists its measurements; --start/--end limit the shards read.</source>
        <translation>`tidemark-cli ls %1:%2 %3` listet ihre Measurements auf; --start/--end begrenzen die gelesenen Shards.</translation>
    </message>
</context>
<context>
    <name>ChainKeys</name>
    <message>
        <source>The key file &apos;%1&apos; of an encrypted chain is not valid: %2</source>
        <translation>Die Schlüsseldatei „%1“ einer verschlüsselten Kette ist ungültig: %2</translation>
    </message>
    <message>
        <source>Restore &apos;%1&apos; from a copy of the chain (copy writes it beside every copy); without it no link of the chain can be read.</source>
        <translation>Stellen Sie „%1“ aus einer Kopie der Kette wieder her (copy schreibt sie neben jede Kopie); ohne sie ist kein Glied der Kette lesbar.</translation>
    </message>
    <message>
        <source>passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>key file</source>
        <translation>Schlüsseldatei</translation>
    </message>
    <message>
        <source>Cannot read passphrase file &apos;%1&apos;: %2</source>
        <translation>Passphrasen-Datei „%1“ ist nicht lesbar: %2</translation>
    </message>
    <message>
        <source>Give a file only you can read that holds the passphrase on its first line.</source>
        <translation>Geben Sie eine nur für Sie lesbare Datei an, die die Passphrase in ihrer ersten Zeile enthält.</translation>
    </message>
    <message>
        <source>the passphrase file &apos;%1&apos;</source>
        <translation>die Passphrasen-Datei „%1“</translation>
    </message>
    <message>
        <source>The passphrase file &apos;%1&apos; is empty</source>
        <translation>Die Passphrasen-Datei „%1“ ist leer</translation>
    </message>
    <message>
        <source>Write the passphrase on its first line.</source>
        <translation>Schreiben Sie die Passphrase in ihre erste Zeile.</translation>
    </message>
    <message>
        <source>Cannot read key file &apos;%1&apos;: %2</source>
        <translation>Schlüsseldatei „%1“ ist nicht lesbar: %2</translation>
    </message>
    <message>
        <source>Give a key file written by &apos;tidemark-cli key generate FILE&apos;.</source>
        <translation>Geben Sie eine mit „tidemark-cli key generate DATEI“ erzeugte Schlüsseldatei an.</translation>
    </message>
    <message>
        <source>the key file &apos;%1&apos;</source>
        <translation>die Schlüsseldatei „%1“</translation>
    </message>
    <message>
        <source>The key file &apos;%1&apos; holds %2 bytes; a key file holds 32 bytes to 1 MiB</source>
        <translation>Die Schlüsseldatei „%1“ enthält %2 Bytes; eine Schlüsseldatei enthält 32 Bytes bis 1 MiB</translation>
    </message>
    <message>
        <source>Make one with &apos;tidemark-cli key generate FILE&apos;.</source>
        <translation>Erzeugen Sie eine mit „tidemark-cli key generate DATEI“.</translation>
    </message>
    <message>
        <source>libsodium could not be initialised</source>
        <translation>libsodium ließ sich nicht initialisieren</translation>
    </message>
    <message>
        <source>&apos;%1&apos; exists; a key file is never overwritten</source>
        <translation>„%1“ existiert; eine Schlüsseldatei wird nie überschrieben</translation>
    </message>
    <message>
        <source>Give a new file name.</source>
        <translation>Geben Sie einen neuen Dateinamen an.</translation>
    </message>
    <message>
        <source>Cannot write key file &apos;%1&apos;: %2</source>
        <translation>Schlüsseldatei „%1“ ist nicht schreibbar: %2</translation>
    </message>
    <message>
        <source>Not enough memory to derive a key with Argon2id (%1 MiB)</source>
        <translation>Nicht genug Speicher, um einen Schlüssel mit Argon2id abzuleiten (%1 MiB)</translation>
    </message>
    <message>
        <source>Free memory, or give lower --kdf-memory.</source>
        <translation>Geben Sie Speicher frei oder einen kleineren Wert für --kdf-memory an.</translation>
    </message>
    <message>
        <source>The chain &apos;%1&apos; has no %2 key; %3 cannot open it</source>
        <translation>Die Kette „%1“ hat keinen Schlüssel der Art %2; %3 kann sie nicht öffnen</translation>
    </message>
    <message>
        <source>Give one of its keys: &apos;tidemark-cli key list %1&apos; shows which kinds it has.</source>
        <translation>Geben Sie einen ihrer Schlüssel an: „tidemark-cli key list %1“ zeigt, welche Arten sie hat.</translation>
    </message>
    <message>
        <source>Wrong %1: %2 opens none of the keys of the chain &apos;%3&apos;</source>
        <translation>Falsche %1: %2 öffnet keinen der Schlüssel der Kette „%3“</translation>
    </message>
    <message>
        <source>Give the passphrase or key file the chain was encrypted with, or one added with &apos;tidemark-cli key add&apos;.</source>
        <translation>Geben Sie die Passphrase oder Schlüsseldatei an, mit der die Kette verschlüsselt wurde, oder eine mit „tidemark-cli key add“ hinzugefügte.</translation>
    </message>
    <message>
        <source>%1 opens a key of the chain &apos;%2&apos; already</source>
        <translation>%1 öffnet bereits einen Schlüssel der Kette „%2“</translation>
    </message>
    <message>
        <source>Give a new passphrase or key file.</source>
        <translation>Geben Sie eine neue Passphrase oder Schlüsseldatei an.</translation>
    </message>
    <message>
        <source>The chain &apos;%1&apos; has no key &apos;%2&apos;</source>
        <translation>Die Kette „%1“ hat keinen Schlüssel „%2“</translation>
    </message>
    <message>
        <source>&apos;tidemark-cli key list %1&apos; shows its keys.</source>
        <translation>„tidemark-cli key list %1“ zeigt ihre Schlüssel.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; names %2 keys of the chain &apos;%3&apos;</source>
        <translation>„%1“ bezeichnet %2 Schlüssel der Kette „%3“</translation>
    </message>
    <message>
        <source>Give more of the key&apos;s id.</source>
        <translation>Geben Sie mehr von der Kennung des Schlüssels an.</translation>
    </message>
    <message>
        <source>Key %1 is the last key of the chain &apos;%2&apos;; removing it would lose every link</source>
        <translation>Schlüssel %1 ist der letzte Schlüssel der Kette „%2“; ihn zu entfernen machte jedes Glied unlesbar</translation>
    </message>
    <message>
        <source>Add another key first (&apos;tidemark-cli key add&apos;), then remove this one.</source>
        <translation>Fügen Sie zuerst einen weiteren Schlüssel hinzu („tidemark-cli key add“) und entfernen Sie dann diesen.</translation>
    </message>
    <message>
        <source>it has more than %1 bytes</source>
        <translation>sie hat mehr als %1 Bytes</translation>
    </message>
    <message>
        <source>not a JSON object (%1)</source>
        <translation>kein JSON-Objekt (%1)</translation>
    </message>
    <message>
        <source>&apos;format&apos; is not &apos;%1&apos;</source>
        <translation>„format“ ist nicht „%1“</translation>
    </message>
    <message>
        <source>The key file &apos;%1&apos; has version %2; this Tidemark reads version %3</source>
        <translation>Die Schlüsseldatei „%1“ hat Version %2; dieses Tidemark liest Version %3</translation>
    </message>
    <message>
        <source>Use the Tidemark version that wrote it, or a newer one.</source>
        <translation>Verwenden Sie die Tidemark-Version, die sie geschrieben hat, oder eine neuere.</translation>
    </message>
    <message>
        <source>%1&apos;%2&apos; is not %3 bytes of hex</source>
        <translation>%1„%2“ sind nicht %3 Bytes in Hex</translation>
    </message>
    <message>
        <source>it has no key slots</source>
        <translation>sie hat keine Schlüsselplätze</translation>
    </message>
    <message>
        <source>slot %1: </source>
        <translation>Platz %1: </translation>
    </message>
    <message>
        <source>%1&apos;kind&apos; is not &apos;passphrase&apos; or &apos;keyfile&apos;</source>
        <translation>%1„kind“ ist nicht „passphrase“ oder „keyfile“</translation>
    </message>
    <message>
        <source>%1&apos;kdf.name&apos; is not &apos;%2&apos;</source>
        <translation>%1„kdf.name“ ist nicht „%2“</translation>
    </message>
    <message>
        <source>%1&apos;kdf.passes&apos; is not between %2 and %3</source>
        <translation>%1„kdf.passes“ liegt nicht zwischen %2 und %3</translation>
    </message>
    <message>
        <source>%1&apos;kdf.memory&apos; is not between 8 MiB and 4 GiB</source>
        <translation>%1„kdf.memory“ liegt nicht zwischen 8 MiB und 4 GiB</translation>
    </message>
    <message>
        <source>Argon2id&apos;s parameters must be %1 to %2 passes over 8 MiB to 4 GiB (not %3 passes over %4 bytes)</source>
        <translation>Die Parameter von Argon2id müssen %1 bis %2 Durchläufe über 8 MiB bis 4 GiB sein (nicht %3 Durchläufe über %4 Bytes)</translation>
    </message>
    <message>
        <source>Give --kdf-passes and --kdf-memory within these bounds.</source>
        <translation>Geben Sie --kdf-passes und --kdf-memory innerhalb dieser Grenzen an.</translation>
    </message>
</context>
<context>
    <name>ChainLocation</name>
    <message>
        <source>Backup location &apos;%1&apos; does not exist.</source>
        <translation>Speicherort „%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>Give the directory that holds the chains (or an s3://BUCKET/PREFIX).</source>
        <translation>Das Verzeichnis angeben, das die Ketten enthält (oder ein s3://BUCKET/PRÄFIX).</translation>
    </message>
    <message>
        <source>Backup location &apos;%1&apos; is not a directory.</source>
        <translation>Speicherort „%1“ ist kein Verzeichnis.</translation>
    </message>
    <message>
        <source>Give the directory that holds the chains, not a chain&apos;s file.</source>
        <translation>Das Verzeichnis angeben, das die Ketten enthält, nicht die Datei einer Kette.</translation>
    </message>
    <message>
        <source>Cannot read backup location &apos;%1&apos;.</source>
        <translation>Speicherort „%1“ kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Check its permissions.</source>
        <translation>Seine Berechtigungen prüfen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an S3 location.</source>
        <translation>„%1“ ist kein S3-Speicherort.</translation>
    </message>
    <message>
        <source>Give s3://BUCKET or s3://BUCKET/PREFIX.</source>
        <translation>s3://BUCKET oder s3://BUCKET/PRÄFIX angeben.</translation>
    </message>
</context>
<context>
    <name>ChainSecrets</name>
    <message>
        <source>The chain &apos;%1&apos; is encrypted, and no passphrase or key file was given</source>
        <translation>Die Kette „%1“ ist verschlüsselt, und es wurde keine Passphrase oder Schlüsseldatei angegeben</translation>
    </message>
    <message>
        <source>Give --passphrase-file FILE or --key-file FILE, set TIDEMARK_PASSPHRASE_FILE, or pass a systemd credential named tidemark-passphrase (or tidemark-key); in the GUI, unlock the chain.</source>
        <translation>Geben Sie --passphrase-file DATEI oder --key-file DATEI an, setzen Sie TIDEMARK_PASSPHRASE_FILE oder übergeben Sie ein systemd-Credential namens tidemark-passphrase (oder tidemark-key); in der Oberfläche entsperren Sie die Kette.</translation>
    </message>
</context>
<context>
    <name>ChainStore</name>
    <message>
        <source>Reading &apos;%1&apos; failed: %2</source>
        <translation>Lesen von „%1“ fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>ChainVerifier</name>
    <message>
        <source>an entry of table &apos;%1&apos; does not decode</source>
        <translation>ein Eintrag der Tabelle „%1“ lässt sich nicht dekodieren</translation>
    </message>
    <message>
        <source>&apos;%1&apos; in the snapshot is not a valid LMDB file: %2</source>
        <translation>„%1“ im Snapshot ist keine gültige LMDB-Datei: %2</translation>
    </message>
    <message>
        <source>This link of the chain is damaged; take a new full backup.</source>
        <translation>Dieses Glied der Kette ist beschädigt; eine neue Vollsicherung anlegen.</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>There is no backup at &apos;%1&apos;</source>
        <translation>Unter „%1“ gibt es keine Sicherung</translation>
    </message>
    <message>
        <source>Verification cancelled</source>
        <translation>Prüfung abgebrochen</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Verification of &apos;%1&apos; cancelled</source>
        <translation>Prüfung von „%1“ abgebrochen</translation>
    </message>
    <message>
        <source>Verification of %1</source>
        <translation>Prüfung von %1</translation>
    </message>
    <message>
        <source>verifying %1</source>
        <translation>prüft %1</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds &apos;%2&apos; as changed blocks of a version older than the chain&apos;s version before it</source>
        <translation>„%1“ enthält „%2“ als geänderte Blöcke einer Version, die älter ist als die vorige Version der Kette</translation>
    </message>
    <message>
        <source>The chain is damaged: restore up to the link before &apos;%1&apos; (--upto), or from another backup.</source>
        <translation>Die Kette ist beschädigt: bis zum Glied vor „%1“ wiederherstellen (--upto) oder aus einer anderen Sicherung.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; in %2</source>
        <translation>„%1“ in %2</translation>
    </message>
    <message>
        <source>%1 holds &apos;%2&apos; where its manifest lists &apos;%3&apos;</source>
        <translation>%1 enthält „%2“, wo sein Manifest „%3“ nennt</translation>
    </message>
    <message>
        <source>The link changed while it was read, or is damaged: verify again.</source>
        <translation>Das Glied hat sich beim Lesen geändert oder ist beschädigt: erneut prüfen.</translation>
    </message>
    <message>
        <source>%1 (rebuilt from its block links): %2</source>
        <translation>%1 (aus seinen Block-Gliedern neu aufgebaut): %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds &apos;%2&apos; as references into a version older than the chain&apos;s version before it</source>
        <translation>„%1“ enthält „%2“ als Referenzen auf eine Version, die älter ist als die vorige Version der Kette</translation>
    </message>
    <message>
        <source>%1 (rebuilt from its reference links): %2</source>
        <translation>%1 (aus seinen Referenz-Gliedern neu aufgebaut): %2</translation>
    </message>
</context>
<context>
    <name>CompressionOptions</name>
    <message>
        <source>--compress takes none, zstd or zstd:LEVEL with a LEVEL from %1 to %2 other than 0 (the negative ones are zstd&apos;s fast levels), e.g. --compress zstd:9 or zstd:-1; not &apos;%3&apos;</source>
        <translation>--compress erwartet none, zstd oder zstd:STUFE mit einer STUFE von %1 bis %2 außer 0 (die negativen sind die schnellen Stufen von zstd), z. B. --compress zstd:9 oder zstd:-1; nicht „%3“</translation>
    </message>
</context>
<context>
    <name>CopyJob</name>
    <message>
        <source>the copy could not be written</source>
        <translation>die Kopie ließ sich nicht schreiben</translation>
    </message>
</context>
<context>
    <name>DataNode</name>
    <message>
        <source>Cannot create directory &apos;%1&apos;</source>
        <translation>Verzeichnis „%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Check that the parent directory exists and is writable by this user.</source>
        <translation>Prüfen, ob das übergeordnete Verzeichnis existiert und für diesen Benutzer beschreibbar ist.</translation>
    </message>
    <message>
        <source>Directory &apos;%1&apos; is in use by another tidemarkd (pid %2 on %3)</source>
        <translation>Verzeichnis „%1“ wird von einem anderen tidemarkd benutzt (PID %2 auf %3)</translation>
    </message>
    <message>
        <source>Stop that process first, or give this node its own directories.</source>
        <translation>Zuerst diesen Prozess beenden oder diesem Knoten eigene Verzeichnisse geben.</translation>
    </message>
    <message>
        <source>Cannot create lock file in &apos;%1&apos;</source>
        <translation>In „%1“ kann keine Sperrdatei angelegt werden</translation>
    </message>
    <message>
        <source>Check that the directory is writable by this user.</source>
        <translation>Prüfen, ob das Verzeichnis für diesen Benutzer beschreibbar ist.</translation>
    </message>
    <message>
        <source>Cannot create directory &apos;%1/shards&apos;</source>
        <translation>Verzeichnis „%1/shards“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>The broker index %1 in &apos;%2&apos; is lower than the data index %3 in &apos;%4&apos;</source>
        <translation>Der Broker-Index %1 in „%2“ ist kleiner als der Datenindex %3 in „%4“</translation>
    </message>
    <message>
        <source>The broker does not belong to this data. Regenerate it with &apos;tidemark-cli restore&apos;, or point [broker] dir at the matching broker.</source>
        <translation>Der Broker gehört nicht zu diesen Daten. Ihn mit „tidemark-cli restore“ neu erzeugen oder [broker] dir auf den passenden Broker zeigen lassen.</translation>
    </message>
    <message>
        <source>Cannot remove old snapshot staging &apos;%1&apos;</source>
        <translation>Altes Snapshot-Zwischenverzeichnis „%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>Cannot remove &apos;%1&apos;</source>
        <translation>„%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>A database name must not be empty</source>
        <translation>Ein Datenbankname darf nicht leer sein</translation>
    </message>
    <message>
        <source>database not found: &quot;%1&quot;</source>
        <translation>database not found: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Create it first: CREATE DATABASE &quot;%1&quot;</source>
        <translation>Zuerst anlegen: CREATE DATABASE &quot;%1&quot;</translation>
    </message>
    <message>
        <source>retention policy not found: &quot;%1&quot;</source>
        <translation>retention policy not found: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Cannot remove old import staging &apos;%1&apos;</source>
        <translation>Altes Import-Zwischenverzeichnis „%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>An import needs a database name and its default retention policy</source>
        <translation>Ein Import braucht einen Datenbanknamen und ihre Standard-Retention-Policy</translation>
    </message>
    <message>
        <source>Database &quot;%1&quot; exists on this node</source>
        <translation>Datenbank „%1“ existiert auf diesem Knoten</translation>
    </message>
    <message>
        <source>Database &quot;%1&quot; exists on this node, with shards of the same time ranges: %2</source>
        <translation>Datenbank „%1“ existiert auf diesem Knoten, mit Shards derselben Zeiträume: %2</translation>
    </message>
    <message>
        <source>Restore under another name with --as NEWNAME, or choose --on-conflict skip (keep the node&apos;s shards) or --on-conflict replace (the chain&apos;s replace them).</source>
        <translation>Unter einem anderen Namen mit --as NEWNAME wiederherstellen, oder --on-conflict skip (die Shards des Knotens behalten) oder --on-conflict replace (die der Kette ersetzen sie) wählen.</translation>
    </message>
    <message>
        <source>The import names retention policy &quot;%1&quot;, which database &quot;%2&quot; does not have</source>
        <translation>Der Import nennt die Retention Policy „%1“, die Datenbank „%2“ nicht hat</translation>
    </message>
    <message>
        <source>Cannot move &apos;%1&apos; to &apos;%2&apos;</source>
        <translation>„%1“ kann nicht nach „%2“ verschoben werden</translation>
    </message>
    <message>
        <source>Cannot sync &apos;%1/shards&apos;</source>
        <translation>„%1/shards“ kann nicht synchronisiert werden</translation>
    </message>
</context>
<context>
    <name>DesktopNotifier</name>
    <message>
        <source>Desktop notification not sent: %1</source>
        <translation>Desktop-Benachrichtigung nicht gesendet: %1</translation>
    </message>
    <message>
        <source>the process has no QCoreApplication</source>
        <translation>der Prozess hat keine QCoreApplication</translation>
    </message>
    <message>
        <source>no D-Bus session bus (%1)</source>
        <translation>kein D-Bus-Sitzungsbus (%1)</translation>
    </message>
    <message>
        <source>DBUS_SESSION_BUS_ADDRESS is not set</source>
        <translation>DBUS_SESSION_BUS_ADDRESS ist nicht gesetzt</translation>
    </message>
    <message>
        <source>No desktop session: set a webhook or the metrics file instead.</source>
        <translation>Keine Desktop-Sitzung: stattdessen einen Webhook oder die Metrikdatei einrichten.</translation>
    </message>
    <message>
        <source>no notification daemon runs on the session bus (%1)</source>
        <translation>auf dem Sitzungsbus läuft kein Benachrichtigungsdienst (%1)</translation>
    </message>
    <message>
        <source>No desktop session with notifications: start one, or set a webhook or the metrics file instead.</source>
        <translation>Keine Desktop-Sitzung mit Benachrichtigungen: eine starten oder stattdessen einen Webhook oder die Metrikdatei einrichten.</translation>
    </message>
    <message>
        <source>the notification daemon did not answer within %1 ms</source>
        <translation>der Benachrichtigungsdienst hat nicht binnen %1 ms geantwortet</translation>
    </message>
    <message>
        <source>Check the desktop&apos;s notification daemon, or set a webhook or the metrics file instead.</source>
        <translation>Den Benachrichtigungsdienst des Desktops prüfen oder stattdessen einen Webhook oder die Metrikdatei einrichten.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>FileRebuild</name>
    <message>
        <source>%1 does not hold &apos;%2&apos; as the chain listed</source>
        <translation>%1 enthält „%2“ nicht so, wie die Kette es aufgelistet hat</translation>
    </message>
    <message>
        <source>Run `tidemark-cli verify` on the chain.</source>
        <translation>`tidemark-cli verify` für die Kette ausführen.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos; from %2</source>
        <translation>„%1“ aus %2 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>%1 ended before &apos;%2&apos;</source>
        <translation>%1 endete vor „%2“</translation>
    </message>
    <message>
        <source>No whole copy of the file to rebuild &apos;%1&apos; from</source>
        <translation>Keine vollständige Kopie der Datei, aus der sich „%1“ neu aufbauen ließe</translation>
    </message>
    <message>
        <source>The chain has no link #%1</source>
        <translation>Die Kette hat kein Glied #%1</translation>
    </message>
    <message>
        <source>&apos;%1&apos; in %2</source>
        <translation>„%1“ in %2</translation>
    </message>
    <message>
        <source>Cannot create &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free disk space and permissions where it is written.</source>
        <translation>Prüfen Sie freien Speicherplatz und Berechtigungen am Zielort.</translation>
    </message>
    <message>
        <source>%1, rebuilt from the chain&apos;s links, has checksum %2 where the chain says %3</source>
        <translation>%1, aus den Gliedern der Kette neu aufgebaut, hat die Prüfsumme %2, laut Kette aber %3</translation>
    </message>
    <message>
        <source>The chain&apos;s block or reference links do not fit together: restore up to an earlier link (--upto), or from another backup.</source>
        <translation>Die Block- oder Referenz-Glieder der Kette passen nicht zusammen: bis zu einem früheren Glied wiederherstellen (--upto) oder aus einer anderen Sicherung.</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Check the disk of the scratch directory.</source>
        <translation>Den Datenträger des temporären Verzeichnisses prüfen.</translation>
    </message>
</context>
<context>
    <name>FrameChannel</name>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2: %3</translation>
    </message>
    <message>
        <source>Check that the node is running and reachable, then try again.</source>
        <translation>Prüfen, ob der Knoten läuft und erreichbar ist, dann erneut versuchen.</translation>
    </message>
    <message>
        <source>%1 sent a malformed frame: %2</source>
        <translation>%1 hat einen fehlerhaften Frame gesendet: %2</translation>
    </message>
    <message>
        <source>Is this the snapshot port of a tidemarkd node (default 8808)?</source>
        <translation>Ist das der Snapshot-Port eines tidemarkd-Knotens (standardmäßig 8808)?</translation>
    </message>
    <message>
        <source>%1 sent no complete frame within %2 s</source>
        <translation>%1 hat binnen %2 s keinen vollständigen Frame gesendet</translation>
    </message>
    <message>
        <source>The node may be overloaded or the network stalled; try again.</source>
        <translation>Der Knoten ist vielleicht überlastet oder das Netz hängt; erneut versuchen.</translation>
    </message>
    <message>
        <source>Connection lost to</source>
        <translation>Verbindungsabbruch zu</translation>
    </message>
    <message>
        <source>%1 stopped reading for %2 s</source>
        <translation>%1 hat %2 s lang nichts gelesen</translation>
    </message>
    <message>
        <source>Cannot send to</source>
        <translation>Fehler beim Senden an</translation>
    </message>
</context>
<context>
    <name>Influx1Kind</name>
    <message>
        <source>InfluxDB 1.x node</source>
        <translation>InfluxDB-1.x-Knoten</translation>
    </message>
    <message>
        <source>InfluxDB 1.x</source>
        <translation>InfluxDB 1.x</translation>
    </message>
    <message>
        <source>syncing %1</source>
        <translation>synchronisiert %1</translation>
    </message>
    <message>
        <source>InfluxDB config (influxdb.conf):</source>
        <translation>InfluxDB-Konfiguration (influxdb.conf):</translation>
    </message>
    <message>
        <source>Give the node&apos;s influxdb.conf (the one influxd runs with: influxd -config FILE; Debian: /etc/influxdb/influxdb.conf).</source>
        <translation>Die influxdb.conf des Knotens angeben (die, mit der influxd läuft: influxd -config DATEI; Debian: /etc/influxdb/influxdb.conf).</translation>
    </message>
    <message>
        <source>This chain is of an InfluxDB 1.x node: its influxdb.conf names the [meta] dir and the [data] dir and wal-dir that are replaced. Every check runs before anything is touched.</source>
        <translation>Diese Kette ist die eines InfluxDB-1.x-Knotens: seine influxdb.conf nennt [meta] dir sowie [data] dir und wal-dir, die ersetzt werden. Jede Prüfung läuft, bevor etwas angefasst wird.</translation>
    </message>
</context>
<context>
    <name>Influx1OnlineImporter</name>
    <message>
        <source>Name the database to restore (--database NAME).</source>
        <translation>Die wiederherzustellende Datenbank angeben (--database NAME).</translation>
    </message>
    <message>
        <source>reading the meta store of the chain</source>
        <translation>liest den Meta-Store der Kette</translation>
    </message>
    <message>
        <source>The chain at &apos;%1&apos; holds no database &apos;%2&apos;</source>
        <translation>Die Kette unter „%1“ enthält keine Datenbank „%2“</translation>
    </message>
    <message>
        <source>It holds: %1.</source>
        <translation>Sie enthält: %1.</translation>
    </message>
    <message>
        <source>Database &apos;%1&apos; in the chain has no retention policy &apos;%2&apos;</source>
        <translation>Datenbank „%1“ in der Kette hat keine Retention Policy „%2“</translation>
    </message>
    <message>
        <source>The chain at &apos;%1&apos; holds no copy of shard %2 (%3/%4)</source>
        <translation>Die Kette unter „%1“ enthält keine Kopie von Shard %2 (%3/%4)</translation>
    </message>
    <message>
        <source>Restore the other shards with --shard, or take a backup that includes it.</source>
        <translation>Die anderen Shards mit --shard wiederherstellen oder eine Sicherung anlegen, die ihn enthält.</translation>
    </message>
    <message>
        <source>Database &apos;%1&apos; in the chain has no shard %2</source>
        <translation>Datenbank „%1“ in der Kette hat keinen Shard %2</translation>
    </message>
    <message>
        <source>`tidemark-cli ls %1` lists its shards.</source>
        <translation>`tidemark-cli ls %1` listet ihre Shards auf.</translation>
    </message>
    <message>
        <source>asking %1 for its meta store</source>
        <translation>fragt %1 nach seinem Meta-Store</translation>
    </message>
    <message>
        <source>Database &apos;%1&apos; on %2 is what an earlier restore half-imported (journal %3): it is dropped through the HTTP API at %4, then imported again.</source>
        <translation>Datenbank „%1“ auf %2 hat eine frühere Wiederherstellung halb importiert (Journal %3): sie wird über die HTTP-API unter %4 gelöscht und dann erneut importiert.</translation>
    </message>
    <message>
        <source>InfluxDB node %1 has a database &apos;%2&apos; already</source>
        <translation>InfluxDB-Knoten %1 hat bereits eine Datenbank „%2“</translation>
    </message>
    <message>
        <source>Restore under another name (--as NEWNAME), or --on-conflict skip to leave it as it is.</source>
        <translation>Unter einem anderen Namen wiederherstellen (--as NEWNAME), oder --on-conflict skip, um sie unverändert zu lassen.</translation>
    </message>
    <message>
        <source>InfluxDB node %1 has a database &apos;%2&apos; already, and InfluxDB cannot replace it while it runs</source>
        <translation>InfluxDB-Knoten %1 hat bereits eine Datenbank „%2“, und InfluxDB kann sie im laufenden Betrieb nicht ersetzen</translation>
    </message>
    <message>
        <source>Its snapshot service creates only new databases, and its shard update adds files to a shard without removing any, so a replace would mix old and restored points. Restore under a new name (--as NEWNAME), check it, then DROP DATABASE &quot;%1&quot;; or drop it first and restore again.</source>
        <translation>Sein Snapshot-Dienst legt nur neue Datenbanken an, und sein Shard-Update fügt einem Shard Dateien hinzu, ohne welche zu entfernen; ein Ersetzen würde also alte und wiederhergestellte Punkte mischen. Unter einem neuen Namen wiederherstellen (--as NEWNAME), sie prüfen, dann DROP DATABASE &quot;%1&quot;; oder sie zuerst löschen und erneut wiederherstellen.</translation>
    </message>
    <message>
        <source>database &apos;%1&apos; exists on the node (InfluxDB adds shards only to a new database)</source>
        <translation>Datenbank „%1“ existiert auf dem Knoten (InfluxDB fügt Shards nur einer neuen Datenbank hinzu)</translation>
    </message>
    <message>
        <source>Database &apos;%1&apos; becomes visible on the node when its meta store is updated, with empty shards that fill one by one; a failure drops it again through the HTTP API at %2.</source>
        <translation>Datenbank „%1“ wird auf dem Knoten sichtbar, sobald sein Meta-Store aktualisiert ist, mit leeren Shards, die sich nacheinander füllen; bei einem Fehler wird sie über die HTTP-API unter %2 wieder gelöscht.</translation>
    </message>
    <message>
        <source>Tombstones are not imported (influxd&apos;s shard update takes only TSM files): points deleted but not yet compacted away at backup time come back.</source>
        <translation>Tombstones werden nicht importiert (das Shard-Update von influxd nimmt nur TSM-Dateien): Punkte, die zum Zeitpunkt der Sicherung gelöscht, aber noch nicht wegkompaktiert waren, kommen zurück.</translation>
    </message>
    <message>
        <source>nothing to import into %1</source>
        <translation>nichts in %1 zu importieren</translation>
    </message>
    <message>
        <source>The chain holds no copy of shard %1</source>
        <translation>Die Kette enthält keine Kopie von Shard %1</translation>
    </message>
    <message numerus="yes">
        <source>checking %n shard(s) in %1</source>
        <translation>
            <numerusform>prüft %n Shard in %1</numerusform>
            <numerusform>prüft %n Shards in %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Another restore into database &apos;%1&apos; on %2 is running</source>
        <translation>Eine andere Wiederherstellung in Datenbank „%1“ auf %2 läuft</translation>
    </message>
    <message>
        <source>Wait for it to end (its lock is %1).</source>
        <translation>Warten, bis sie endet (ihre Sperre ist %1).</translation>
    </message>
    <message>
        <source>InfluxDB node %1 has a database &apos;%2&apos; now (it had none when the restore was planned)</source>
        <translation>InfluxDB-Knoten %1 hat jetzt eine Datenbank „%2“ (er hatte keine, als die Wiederherstellung geplant wurde)</translation>
    </message>
    <message>
        <source>Plan the restore again.</source>
        <translation>Die Wiederherstellung erneut planen.</translation>
    </message>
    <message>
        <source>dropping the half-imported database &apos;%1&apos; of an earlier restore</source>
        <translation>löscht die halb importierte Datenbank „%1“ einer früheren Wiederherstellung</translation>
    </message>
    <message>
        <source>Database &apos;%1&apos; was dropped again: the node has what it had before.</source>
        <translation>Datenbank „%1“ wurde wieder gelöscht: der Knoten hat, was er vorher hatte.</translation>
    </message>
    <message>
        <source>Database &apos;%1&apos; stays half-imported on the node (%2). The next restore into it drops it first; or run DROP DATABASE &quot;%1&quot;.</source>
        <translation>Datenbank „%1“ bleibt halb importiert auf dem Knoten (%2). Die nächste Wiederherstellung in sie löscht sie zuerst; oder DROP DATABASE &quot;%1&quot; ausführen.</translation>
    </message>
    <message>
        <source>creating database &apos;%1&apos; on %2</source>
        <translation>legt Datenbank „%1“ auf %2 an</translation>
    </message>
    <message>
        <source>database &apos;%1&apos; created on %2 (the chain holds no shards of it)</source>
        <translation>Datenbank „%1“ auf %2 angelegt (die Kette enthält keine Shards von ihr)</translation>
    </message>
    <message>
        <source>InfluxDB node %1 gave no new id for shard %2</source>
        <translation>InfluxDB-Knoten %1 hat keine neue ID für Shard %2 vergeben</translation>
    </message>
    <message>
        <source>importing shard %1 as %2/%3/%4 (%5 of %6)</source>
        <translation>importiert Shard %1 als %2/%3/%4 (%5 von %6)</translation>
    </message>
    <message>
        <source>%1 changed while it was restored</source>
        <translation>%1 hat sich während der Wiederherstellung geändert</translation>
    </message>
    <message>
        <source>InfluxDB node %1 did not take %2 of shard %3 (as %4)</source>
        <translation>InfluxDB-Knoten %1 hat %2 von Shard %3 (als %4) nicht angenommen</translation>
    </message>
    <message>
        <source>Its log says why.</source>
        <translation>Sein Protokoll nennt den Grund.</translation>
    </message>
    <message>
        <source>warning: shard(s) %1 carried tombstones, which influxd&apos;s shard update does not take: points deleted there before the backup (and not compacted away yet) are back in &apos;%2&apos;; delete them again</source>
        <translation>Warnung: Shard(s) %1 enthielten Tombstones, die das Shard-Update von influxd nicht annimmt: dort vor der Sicherung gelöschte (und noch nicht wegkompaktierte) Punkte sind wieder in „%2“; sie erneut löschen</translation>
    </message>
    <message numerus="yes">
        <source>database &apos;%1&apos; restored on %2: %n shard(s)</source>
        <translation>
            <numerusform>Datenbank „%1“ auf %2 wiederhergestellt: %n Shard</numerusform>
            <numerusform>Datenbank „%1“ auf %2 wiederhergestellt: %n Shards</numerusform>
        </translation>
    </message>
    <message>
        <source>InfluxDB cannot replace a database while it runs: its snapshot service creates only new databases, and its shard update adds files to a shard without removing any. Restore under a new name, check it, then drop the old database.</source>
        <translation>InfluxDB kann eine Datenbank im laufenden Betrieb nicht ersetzen: sein Snapshot-Dienst legt nur neue Datenbanken an, und sein Shard-Update fügt einem Shard Dateien hinzu, ohne welche zu entfernen. Unter einem neuen Namen wiederherstellen, sie prüfen, dann die alte Datenbank löschen.</translation>
    </message>
    <message>
        <source>Online restore cancelled</source>
        <translation>Online-Wiederherstellung abgebrochen</translation>
    </message>
    <message>
        <source>%1 does not hold &apos;%2&apos; as the chain listed</source>
        <translation>%1 enthält „%2“ nicht so, wie die Kette es aufgelistet hat</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 ended before the files asked of it</source>
        <translation>%1 endete vor den angeforderten Dateien</translation>
    </message>
    <message>
        <source>%1: expected &apos;%2&apos; next in the archive</source>
        <translation>%1: als Nächstes im Archiv wurde „%2“ erwartet</translation>
    </message>
    <message>
        <source>There is no backup chain at &apos;%1&apos;</source>
        <translation>Unter „%1“ gibt es keine Sicherungskette</translation>
    </message>
    <message>
        <source>The chain at &apos;%1&apos; has %2 links, not %3</source>
        <translation>Die Kette unter „%1“ hat %2 Glieder, nicht %3</translation>
    </message>
    <message>
        <source>The chain at &apos;%1&apos; is not a backup of an InfluxDB 1.x node</source>
        <translation>Die Kette unter „%1“ ist keine Sicherung eines InfluxDB-1.x-Knotens</translation>
    </message>
    <message>
        <source>The chain at &apos;%1&apos; holds no meta store</source>
        <translation>Die Kette unter „%1“ enthält keinen Meta-Store</translation>
    </message>
    <message>
        <source>Run `tidemark-cli verify` on the chain.</source>
        <translation>`tidemark-cli verify` für die Kette ausführen.</translation>
    </message>
    <message>
        <source>%1: the meta store is too large</source>
        <translation>%1: der Meta-Store ist zu groß</translation>
    </message>
    <message>
        <source>Cannot drop database &apos;%1&apos; through the HTTP API of InfluxDB node %2: %3</source>
        <translation>Datenbank „%1“ kann nicht über die HTTP-API von InfluxDB-Knoten %2 gelöscht werden: %3</translation>
    </message>
    <message>
        <source>Give its HTTP address (influxdb.conf [http] bind-address) if it is not %1; with authentication on, run DROP DATABASE &quot;%2&quot; yourself.</source>
        <translation>Seine HTTP-Adresse angeben (influxdb.conf [http] bind-address), falls sie nicht %1 ist; bei eingeschalteter Authentifizierung DROP DATABASE &quot;%2&quot; selbst ausführen.</translation>
    </message>
    <message>
        <source>Cannot write the online restore&apos;s journal &apos;%1&apos;: %2</source>
        <translation>Das Journal der Online-Wiederherstellung „%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos;, rebuilt from the chain&apos;s reference links, changed in the scratch directory</source>
        <translation>„%1“, aus den Referenz-Gliedern der Kette neu aufgebaut, hat sich im temporären Verzeichnis geändert</translation>
    </message>
    <message>
        <source>Check the disk of the chain&apos;s scratch directory, then restore again.</source>
        <translation>Den Datenträger des temporären Verzeichnisses der Kette prüfen, dann erneut wiederherstellen.</translation>
    </message>
    <message numerus="yes">
        <source>rebuilding &apos;%1&apos; from %n link(s) of the chain</source>
        <translation>
            <numerusform>baut „%1“ aus %n Glied der Kette neu auf</numerusform>
            <numerusform>baut „%1“ aus %n Gliedern der Kette neu auf</numerusform>
        </translation>
    </message>
    <message>
        <source>checking shard %1, rebuilt from its reference links up to %2</source>
        <translation>prüft Shard %1, aus seinen Referenz-Gliedern bis %2 neu aufgebaut</translation>
    </message>
</context>
<context>
    <name>InfluxBackup</name>
    <message>
        <source>reading the meta store of %1</source>
        <translation>liest den Meta-Store von %1</translation>
    </message>
    <message>
        <source>shard %1 sent nothing; asking again (%2 of %3)</source>
        <translation>für Shard %1 kam nichts; erneute Anfrage (%2 von %3)</translation>
    </message>
    <message>
        <source>Backup cancelled</source>
        <translation>Sicherung abgebrochen</translation>
    </message>
    <message>
        <source>the stream from %1</source>
        <translation>Datenstrom von %1</translation>
    </message>
    <message>
        <source>looking for changes in shard %1 (%2 of %3)</source>
        <translation>sucht Änderungen in Shard %1 (%2 von %3)</translation>
    </message>
    <message>
        <source>receiving shard %1 (%2 of %3)</source>
        <translation>empfängt Shard %1 (%2 von %3)</translation>
    </message>
    <message>
        <source>Cannot write the archive: %1</source>
        <translation>Das Archiv kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Check free space and permissions of the backup directory.</source>
        <translation>Freien Platz und Berechtigungen des Sicherungsverzeichnisses prüfen.</translation>
    </message>
    <message>
        <source>Cannot write shard %1 into the scratch file &apos;%2&apos;: %3</source>
        <translation>Shard %1 kann nicht in die temporäre Datei „%2“ geschrieben werden: %3</translation>
    </message>
    <message>
        <source>An incremental receives each changed shard into &apos;%1&apos; before it stores it as a reference link, so that needs room for the largest changed shards (one per connection): free space there, set TMPDIR to a directory with room, or back up with --whole-files.</source>
        <translation>Eine inkrementelle Sicherung empfängt jeden geänderten Shard in „%1“, bevor sie ihn als Referenz-Glied speichert; dort muss Platz für die größten geänderten Shards sein (einer je Verbindung): dort Platz schaffen, TMPDIR auf ein Verzeichnis mit genügend Platz setzen oder mit --whole-files sichern.</translation>
    </message>
    <message>
        <source>The scratch file &apos;%1&apos; of shard %2 does not hold the bytes received.</source>
        <translation>Die temporäre Datei „%1“ von Shard %2 enthält nicht die empfangenen Bytes.</translation>
    </message>
    <message>
        <source>Check the disk of &apos;%1&apos; (or set TMPDIR to another one), then back up again.</source>
        <translation>Den Datenträger von „%1“ prüfen (oder TMPDIR auf einen anderen setzen), dann erneut sichern.</translation>
    </message>
    <message>
        <source>the block map of shard %1 is gone from &apos;%2&apos;: storing its bytes as they are</source>
        <translation>die Blockkarte von Shard %1 fehlt in „%2“: seine Bytes werden unverändert gespeichert</translation>
    </message>
    <message>
        <source>listing the TSM blocks of shard %1</source>
        <translation>listet die TSM-Blöcke von Shard %1 auf</translation>
    </message>
    <message>
        <source>shard %1: %2; storing its bytes as they are</source>
        <translation>Shard %1: %2; seine Bytes werden unverändert gespeichert</translation>
    </message>
    <message>
        <source>encoding shard %1: %2% held before</source>
        <translation>kodiert Shard %1: %2 % schon vorher vorhanden</translation>
    </message>
    <message>
        <source>Cannot read the scratch file &apos;%1&apos;: %2</source>
        <translation>Die temporäre Datei „%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot encode shard %1 as a reference link.</source>
        <translation>Shard %1 kann nicht als Referenz-Glied kodiert werden.</translation>
    </message>
    <message>
        <source>shard %1: %2 The next incremental rebuilds it from the chain.</source>
        <translation>Shard %1: %2 Die nächste inkrementelle Sicherung baut sie aus der Kette neu auf.</translation>
    </message>
    <message>
        <source>Cannot create a scratch directory in &apos;%1&apos;: %2</source>
        <translation>In „%1“ kann kein temporäres Verzeichnis angelegt werden: %2</translation>
    </message>
    <message>
        <source>An incremental receives each changed shard there before it stores it as a reference link: set TMPDIR to a writable directory with room for the largest changed shards (one per connection), or back up with --whole-files.</source>
        <translation>Eine inkrementelle Sicherung empfängt dort jeden geänderten Shard, bevor sie ihn als Referenz-Glied speichert: TMPDIR auf ein beschreibbares Verzeichnis mit Platz für die größten geänderten Shards setzen (einer je Verbindung) oder mit --whole-files sichern.</translation>
    </message>
    <message>
        <source>reading shard %1 from the chain for its block map (%2 of %3)</source>
        <translation>liest Shard %1 aus der Kette für seine Blockkarte (%2 von %3)</translation>
    </message>
    <message>
        <source>shard %1 goes whole: %2</source>
        <translation>Shard %1 wird ganz gesichert: %2</translation>
    </message>
    <message>
        <source>receiving %1 shards, %2 at once</source>
        <translation>empfängt %1 Shards, %2 gleichzeitig</translation>
    </message>
</context>
<context>
    <name>InfluxConfig</name>
    <message>
        <source>Cannot read InfluxDB config &apos;%1&apos;: %2</source>
        <translation>InfluxDB-Konfiguration „%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Give the node&apos;s config, usually /etc/influxdb/influxdb.conf.</source>
        <translation>Die Konfiguration des Knotens angeben, meist /etc/influxdb/influxdb.conf.</translation>
    </message>
    <message>
        <source>Fix the TOML syntax; influxd would refuse this file too.</source>
        <translation>Die TOML-Syntax korrigieren; auch influxd würde diese Datei ablehnen.</translation>
    </message>
    <message>
        <source>%1: %2 is missing</source>
        <translation>%1: %2 fehlt</translation>
    </message>
    <message>
        <source>Add it under [%1], e.g. %2 = &quot;/var/lib/influxdb/%1&quot;</source>
        <translation>Unter [%1] ergänzen, z. B. %2 = &quot;/var/lib/influxdb/%1&quot;</translation>
    </message>
    <message>
        <source>%1: %2 must be an absolute path</source>
        <translation>%1: %2 muss ein absoluter Pfad sein</translation>
    </message>
    <message>
        <source>Write the full path, e.g. %1 = &quot;/var/lib/influxdb/%2&quot;</source>
        <translation>Den vollständigen Pfad schreiben, z. B. %1 = &quot;/var/lib/influxdb/%2&quot;</translation>
    </message>
    <message>
        <source>%1: %2 is not HOST:PORT</source>
        <translation>%1: %2 ist nicht HOST:PORT</translation>
    </message>
    <message>
        <source>Write it as &quot;127.0.0.1:8088&quot;.</source>
        <translation>Als &quot;127.0.0.1:8088&quot; schreiben.</translation>
    </message>
</context>
<context>
    <name>InfluxContents</name>
    <message>
        <source>%1: the meta store is larger than %2 MiB</source>
        <translation>%1: der Meta-Store ist größer als %2 MiB</translation>
    </message>
    <message>
        <source>%1: shard %2, file %3</source>
        <translation>%1: Shard %2, Datei %3</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
<context>
    <name>InfluxPoints</name>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free space where the chain&apos;s scratch directory is.</source>
        <translation>Freien Platz dort prüfen, wo das temporäre Verzeichnis der Kette liegt.</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;</source>
        <translation>„%1“ kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>The scratch influxd at %1 does not answer: %2</source>
        <translation>Das temporäre influxd unter %1 antwortet nicht: %2</translation>
    </message>
    <message>
        <source>The scratch influxd answered &quot;%1&quot; with: %2</source>
        <translation>Das temporäre influxd hat auf „%1“ geantwortet mit: %2</translation>
    </message>
    <message>
        <source>The scratch influxd sent nothing for %1 s while answering &quot;%2&quot;</source>
        <translation>Das temporäre influxd hat %1 s lang nichts gesendet, während es auf „%2“ antwortete</translation>
    </message>
    <message>
        <source>The scratch influxd sent no answer to &quot;%1&quot;</source>
        <translation>Das temporäre influxd hat auf „%1“ keine Antwort gesendet</translation>
    </message>
    <message>
        <source>The scratch influxd&apos;s answer to &quot;%1&quot; is not JSON: %2</source>
        <translation>Die Antwort des temporären influxd auf „%1“ ist kein JSON: %2</translation>
    </message>
    <message>
        <source>Cannot create &apos;%1&apos;</source>
        <translation>„%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>A shard came before the meta store</source>
        <translation>Ein Shard kam vor dem Meta-Store</translation>
    </message>
    <message>
        <source>The scratch influxd did not start on the restored shards: %1</source>
        <translation>Das temporäre influxd ist auf den wiederhergestellten Shards nicht gestartet: %1</translation>
    </message>
</context>
<context>
    <name>InfluxQl</name>
    <message>
        <source>error parsing query: found %1, expected %2 at char %3</source>
        <translation>error parsing query: found %1, expected %2 at char %3</translation>
    </message>
    <message>
        <source>database name required</source>
        <translation>database name required</translation>
    </message>
    <message>
        <source>missing required parameter &quot;q&quot;</source>
        <translation>missing required parameter &quot;q&quot;</translation>
    </message>
</context>
<context>
    <name>InfluxSnapshotClient</name>
    <message>
        <source>Cancelled while asking InfluxDB node %1 for %2</source>
        <translation>Abgebrochen während der Anfrage an InfluxDB-Knoten %1 nach %2</translation>
    </message>
    <message>
        <source>InfluxDB node %1 closed the connection while sending %2</source>
        <translation>InfluxDB-Knoten %1 hat die Verbindung beim Senden von %2 geschlossen</translation>
    </message>
    <message>
        <source>Check the node&apos;s log; it answers nothing when a request fails (e.g. a shard or database that does not exist).</source>
        <translation>Das Protokoll des Knotens prüfen; er antwortet nichts, wenn eine Anfrage scheitert (z. B. bei einem Shard oder einer Datenbank, die es nicht gibt).</translation>
    </message>
    <message>
        <source>Cannot connect to InfluxDB node %1: %2</source>
        <translation>Keine Verbindung zu InfluxDB-Knoten %1: %2</translation>
    </message>
    <message>
        <source>Check that influxd runs and that its snapshot service listens there (bind-address in influxdb.conf, default 127.0.0.1:8088).</source>
        <translation>Prüfen, ob influxd läuft und sein Snapshot-Dienst dort lauscht (bind-address in influxdb.conf, standardmäßig 127.0.0.1:8088).</translation>
    </message>
    <message>
        <source>InfluxDB node %1 sent nothing for %2 s while sending %3</source>
        <translation>InfluxDB-Knoten %1 hat beim Senden von %3 %2 s lang nichts gesendet</translation>
    </message>
    <message>
        <source>its meta store</source>
        <translation>seinem Meta-Store</translation>
    </message>
    <message>
        <source>InfluxDB node %1 answered the meta store request with magic 0x%2, not 0x59590101</source>
        <translation>InfluxDB-Knoten %1 hat auf die Meta-Store-Anfrage mit Magic 0x%2 geantwortet, nicht 0x59590101</translation>
    </message>
    <message>
        <source>Is %1 the snapshot service (bind-address) of an InfluxDB 1.x node? Its HTTP port is another one.</source>
        <translation>Ist %1 der Snapshot-Dienst (bind-address) eines InfluxDB-1.x-Knotens? Sein HTTP-Port ist ein anderer.</translation>
    </message>
    <message>
        <source>InfluxDB node %1 announced a meta store of %2 bytes, more than the limit of %3</source>
        <translation>InfluxDB-Knoten %1 hat einen Meta-Store von %2 Bytes angekündigt, mehr als die Grenze von %3</translation>
    </message>
    <message>
        <source>InfluxDB node %1 announced node information of %2 bytes</source>
        <translation>InfluxDB-Knoten %1 hat Knoteninformationen von %2 Bytes angekündigt</translation>
    </message>
    <message>
        <source>its list of shards</source>
        <translation>seiner Shard-Liste</translation>
    </message>
    <message>
        <source>the shards of database &apos;%1&apos;</source>
        <translation>den Shards der Datenbank „%1“</translation>
    </message>
    <message>
        <source>InfluxDB node %1 sent more than %2 bytes for %3</source>
        <translation>InfluxDB-Knoten %1 hat bei %3 mehr als %2 Bytes gesendet</translation>
    </message>
    <message>
        <source>InfluxDB node %1 has no database &apos;%2&apos;</source>
        <translation>InfluxDB-Knoten %1 hat keine Datenbank „%2“</translation>
    </message>
    <message>
        <source>SHOW DATABASES on the node lists the names.</source>
        <translation>SHOW DATABASES auf dem Knoten listet die Namen auf.</translation>
    </message>
    <message>
        <source>InfluxDB node %1 sent %2 that is not {&quot;Paths&quot;:[...]}</source>
        <translation>InfluxDB-Knoten %1 hat zu %2 kein {&quot;Paths&quot;:[...]} gesendet</translation>
    </message>
    <message>
        <source>InfluxDB node %1 sent a shard path &apos;%2&apos; that is not db/rp/id</source>
        <translation>InfluxDB-Knoten %1 hat einen Shard-Pfad „%2“ gesendet, der nicht die Form db/rp/id hat</translation>
    </message>
    <message>
        <source>shard %1</source>
        <translation>Shard %1</translation>
    </message>
    <message>
        <source>Stopped receiving %1 from %2</source>
        <translation>Empfang von %1 von Knoten %2 abgebrochen</translation>
    </message>
    <message>
        <source>InfluxDB node %1 sent nothing for shard %2</source>
        <translation>InfluxDB-Knoten %1 hat für Shard %2 nichts gesendet</translation>
    </message>
    <message>
        <source>The node answers nothing while it writes a snapshot of the shard, or when the shard was dropped (retention) since the list was read: run the backup again; its log says which.</source>
        <translation>Der Knoten antwortet nichts, solange er einen Snapshot des Shards schreibt, oder wenn der Shard seit dem Lesen der Liste gelöscht wurde (Retention): die Sicherung erneut starten; sein Protokoll sagt, was zutrifft.</translation>
    </message>
    <message>
        <source>InfluxDB node %1 took nothing for %2 s of %3</source>
        <translation>InfluxDB-Knoten %1 hat %2 s lang nichts von %3 angenommen</translation>
    </message>
    <message>
        <source>the meta store update creating database &apos;%1&apos;</source>
        <translation>das Meta-Store-Update, das Datenbank „%1“ anlegt</translation>
    </message>
    <message>
        <source>The meta store sent was %1 KiB; influxd 1.6 reads it with a single socket read and may take it cut. Restore fewer policies or shards at once (--rp, --shard).</source>
        <translation>Der gesendete Meta-Store war %1 KiB groß; influxd 1.6 liest ihn mit einem einzigen Socket-Lesevorgang und erhält ihn womöglich abgeschnitten. Weniger Policies oder Shards auf einmal wiederherstellen (--rp, --shard).</translation>
    </message>
    <message>
        <source>InfluxDB node %1 answered %2 with magic 0x%3, not 0x59590101</source>
        <translation>InfluxDB-Knoten %1 hat auf %2 mit Magic 0x%3 geantwortet, nicht 0x59590101</translation>
    </message>
    <message>
        <source>InfluxDB node %1 refused %2</source>
        <translation>InfluxDB-Knoten %1 hat %2 abgelehnt</translation>
    </message>
    <message>
        <source>It refuses when the database exists already, or when the meta store sent lacks database &apos;%1&apos;; its log says which.</source>
        <translation>Er lehnt ab, wenn die Datenbank bereits existiert oder wenn dem gesendeten Meta-Store die Datenbank „%1“ fehlt; sein Protokoll sagt, was zutrifft.</translation>
    </message>
    <message>
        <source>InfluxDB node %1 answered %2 with %3 shard ids</source>
        <translation>InfluxDB-Knoten %1 hat auf %2 mit %3 Shard-IDs geantwortet</translation>
    </message>
    <message>
        <source>shard %1 (shard update)</source>
        <translation>Shard %1 (Shard-Update)</translation>
    </message>
    <message>
        <source>InfluxDB node %1 answered %2, which it never does</source>
        <translation>InfluxDB-Knoten %1 hat auf %2 geantwortet, was er sonst nie tut</translation>
    </message>
    <message>
        <source>InfluxDB node %1 did not finish %2 within %3 s</source>
        <translation>InfluxDB-Knoten %1 hat %2 nicht innerhalb von %3 s abgeschlossen</translation>
    </message>
</context>
<context>
    <name>JobHistory</name>
    <message>
        <source>Cannot use the job history &apos;%1&apos;: %2</source>
        <translation>Der Auftragsverlauf &apos;%1&apos; ist nicht nutzbar: %2</translation>
    </message>
    <message>
        <source>Check that its directory is writable, or set TIDEMARK_HISTORY to another file.</source>
        <translation>Prüfen, ob sein Verzeichnis beschreibbar ist, oder TIDEMARK_HISTORY auf eine andere Datei setzen.</translation>
    </message>
    <message>
        <source>Qt&apos;s SQLite driver (QSQLITE) is missing</source>
        <translation>Der SQLite-Treiber von Qt (QSQLITE) fehlt</translation>
    </message>
    <message>
        <source>Install the Debian package libqt6sql6-sqlite.</source>
        <translation>Das Debian-Paket libqt6sql6-sqlite installieren.</translation>
    </message>
    <message>
        <source>Cannot make the directory of the job history &apos;%1&apos;</source>
        <translation>Das Verzeichnis des Auftragsverlaufs &apos;%1&apos; kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Check its permissions, or set TIDEMARK_HISTORY to another file.</source>
        <translation>Seine Berechtigungen prüfen, oder TIDEMARK_HISTORY auf eine andere Datei setzen.</translation>
    </message>
</context>
<context>
    <name>Keyring</name>
    <message>
        <source>No system keyring is running (QtKeychain: %1).</source>
        <translation>Es läuft kein Schlüsselbund des Systems (QtKeychain: %1).</translation>
    </message>
    <message>
        <source>The system keyring refused (QtKeychain: %1).</source>
        <translation>Der Schlüsselbund des Systems hat abgelehnt (QtKeychain: %1).</translation>
    </message>
</context>
<context>
    <name>LmdbEnv</name>
    <message>
        <source>Cannot open a table in</source>
        <translation>Fehler beim Öffnen einer Tabelle in</translation>
    </message>
    <message>
        <source>Cannot read from</source>
        <translation>Fehler beim Lesen aus</translation>
    </message>
    <message>
        <source>Cannot write to</source>
        <translation>Fehler beim Schreiben in</translation>
    </message>
    <message>
        <source>Cannot delete from</source>
        <translation>Fehler beim Löschen aus</translation>
    </message>
    <message>
        <source>Cannot commit to</source>
        <translation>Fehler beim Festschreiben in</translation>
    </message>
    <message>
        <source>Free space on the filesystem that holds this file.</source>
        <translation>Platz auf dem Dateisystem schaffen, das diese Datei enthält.</translation>
    </message>
    <message>
        <source>Check the ownership and permissions of the file and its directory.</source>
        <translation>Eigentümer und Berechtigungen der Datei und ihres Verzeichnisses prüfen.</translation>
    </message>
    <message>
        <source>The file is not a valid LMDB environment; restore it from a backup.</source>
        <translation>Die Datei ist keine gültige LMDB-Umgebung; sie aus einer Sicherung wiederherstellen.</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos;: %3</source>
        <translation>%1 „%2“: %3</translation>
    </message>
    <message>
        <source>Cannot create LMDB environment for</source>
        <translation>Fehler beim Anlegen der LMDB-Umgebung für</translation>
    </message>
    <message>
        <source>Cannot configure</source>
        <translation>Fehler beim Konfigurieren von</translation>
    </message>
    <message>
        <source>Cannot size map of</source>
        <translation>Fehler beim Festlegen der Map-Größe von</translation>
    </message>
    <message>
        <source>LMDB file &apos;%1&apos; does not exist</source>
        <translation>LMDB-Datei „%1“ existiert nicht</translation>
    </message>
    <message>
        <source>Cannot open LMDB file</source>
        <translation>Fehler beim Öffnen der LMDB-Datei</translation>
    </message>
    <message>
        <source>LMDB file &apos;%1&apos; reached the maximum map size</source>
        <translation>LMDB-Datei „%1“ hat die maximale Map-Größe erreicht</translation>
    </message>
    <message>
        <source>Cannot grow map of</source>
        <translation>Fehler beim Vergrößern der Map von</translation>
    </message>
    <message>
        <source>LMDB file &apos;%1&apos; stays full after growing its map</source>
        <translation>LMDB-Datei „%1“ bleibt voll, obwohl ihre Map vergrößert wurde</translation>
    </message>
    <message>
        <source>Cannot begin a transaction on</source>
        <translation>Fehler beim Beginnen einer Transaktion auf</translation>
    </message>
    <message>
        <source>LMDB file &apos;%1&apos; has no &apos;%2&apos; table; it was not written by tidemarkd</source>
        <translation>LMDB-Datei „%1“ hat keine Tabelle „%2“; sie wurde nicht von tidemarkd geschrieben</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: key &apos;%2&apos; is not an 8-byte number</source>
        <translation>„%1“: Schlüssel „%2“ ist keine 8-Byte-Zahl</translation>
    </message>
    <message>
        <source>The file is damaged; restore it from a backup.</source>
        <translation>Die Datei ist beschädigt; sie aus einer Sicherung wiederherstellen.</translation>
    </message>
</context>
<context>
    <name>LmdbReadView</name>
    <message>
        <source>A write transaction committed on LMDB file &apos;%1&apos; while a read view of it opened</source>
        <translation>Während eine Leseansicht der LMDB-Datei „%1“ geöffnet wurde, wurde eine Schreibtransaktion abgeschlossen</translation>
    </message>
    <message>
        <source>This is a bug in Tidemark: read views must open while writers wait. Please report it.</source>
        <translation>Dies ist ein Fehler in Tidemark: Leseansichten müssen geöffnet werden, während Schreiber warten. Bitte melden.</translation>
    </message>
    <message>
        <source>Cannot read from</source>
        <translation>Fehler beim Lesen aus</translation>
    </message>
    <message>
        <source>Cannot read the state of</source>
        <translation>Fehler beim Lesen des Zustands von</translation>
    </message>
    <message>
        <source>Cannot read LMDB file &apos;%1&apos; at byte %2: %3</source>
        <translation>Kann die LMDB-Datei „%1“ bei Byte %2 nicht lesen: %3</translation>
    </message>
    <message>
        <source>LMDB file &apos;%1&apos; is shorter than its two meta pages</source>
        <translation>LMDB-Datei „%1“ ist kürzer als ihre zwei Metaseiten</translation>
    </message>
    <message>
        <source>The file is damaged; restore it from a backup.</source>
        <translation>Die Datei ist beschädigt; sie aus einer Sicherung wiederherstellen.</translation>
    </message>
    <message>
        <source>Cannot read the size of LMDB file &apos;%1&apos;: %2</source>
        <translation>Kann die Größe der LMDB-Datei „%1“ nicht lesen: %2</translation>
    </message>
    <message>
        <source>The read view of LMDB file &apos;%1&apos; is closed</source>
        <translation>Die Leseansicht der LMDB-Datei „%1“ ist geschlossen</translation>
    </message>
    <message>
        <source>LMDB file &apos;%1&apos; ended at byte %2, before the %3 bytes of its read view</source>
        <translation>LMDB-Datei „%1“ endet bei Byte %2, vor den %3 Bytes ihrer Leseansicht</translation>
    </message>
</context>
<context>
    <name>LocalChainStore</name>
    <message>
        <source>%1 &apos;%2&apos;: %3</source>
        <translation>%1 „%2“: %3</translation>
    </message>
    <message>
        <source>Check free space and permissions of the backup directory.</source>
        <translation>Freien Platz und Berechtigungen des Sicherungsverzeichnisses prüfen.</translation>
    </message>
    <message>
        <source>Cannot write</source>
        <translation>Fehler beim Schreiben von</translation>
    </message>
    <message>
        <source>Cannot read</source>
        <translation>Fehler beim Lesen von</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; is not a file.</source>
        <translation>Sicherungskette „%1“ ist keine Datei.</translation>
    </message>
    <message>
        <source>Give the path of the full snapshot file, not a directory.</source>
        <translation>Den Pfad der Vollsicherungsdatei angeben, nicht den eines Verzeichnisses.</translation>
    </message>
    <message>
        <source>Cannot open backup &apos;%1&apos;: %2</source>
        <translation>Sicherung „%1“ kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot remove &apos;%1&apos;</source>
        <translation>„%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>Check the permissions of the backup directory.</source>
        <translation>Berechtigungen des Sicherungsverzeichnisses prüfen.</translation>
    </message>
    <message>
        <source>Backup directory &apos;%1&apos; does not exist</source>
        <translation>Sicherungsverzeichnis „%1“ existiert nicht</translation>
    </message>
    <message>
        <source>Create it first, or give another PATH.</source>
        <translation>Es zuerst anlegen oder einen anderen PATH angeben.</translation>
    </message>
    <message>
        <source>Another backup is writing the chain &apos;%1&apos;</source>
        <translation>Eine andere Sicherung schreibt gerade die Kette „%1“</translation>
    </message>
    <message>
        <source>Wait for it to finish (or remove &apos;%1.lock&apos; if no backup runs).</source>
        <translation>Warten, bis sie fertig ist (oder „%1.lock“ entfernen, wenn keine Sicherung läuft).</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is larger than %2 bytes</source>
        <translation>„%1“ ist größer als %2 Bytes</translation>
    </message>
</context>
<context>
    <name>LocalScratch</name>
    <message>
        <source>Cannot create a scratch directory beside &apos;%1&apos;</source>
        <translation>Neben „%1“ kann kein temporäres Verzeichnis angelegt werden</translation>
    </message>
    <message>
        <source>Tidemark works on one file at a time in a scratch directory next to the chain; check free space and permissions there.</source>
        <translation>Tidemark bearbeitet jeweils eine Datei in einem temporären Verzeichnis neben der Kette; dort freien Platz und Berechtigungen prüfen.</translation>
    </message>
</context>
<context>
    <name>Manifest</name>
    <message>
        <source>Invalid snapshot manifest from &apos;%1&apos;: %2</source>
        <translation>Ungültiges Snapshot-Manifest aus „%1“: %2</translation>
    </message>
    <message>
        <source>The snapshot is damaged or was not written by Tidemark; take a new backup.</source>
        <translation>Der Snapshot ist beschädigt oder stammt nicht von Tidemark; eine neue Sicherung anlegen.</translation>
    </message>
    <message>
        <source>%1 has no &apos;%2&apos;</source>
        <translation>%1 hat kein „%2“</translation>
    </message>
    <message>
        <source>&apos;%1&apos; of %2 must be a non-negative integer</source>
        <translation>%2: „%1“ muss eine nicht negative ganze Zahl sein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; of %2 must be a string</source>
        <translation>%2: „%1“ muss eine Zeichenkette sein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; of %2 must be true or false</source>
        <translation>%2: „%1“ muss true oder false sein</translation>
    </message>
    <message>
        <source>file #%1</source>
        <translation>Datei Nr. %1</translation>
    </message>
    <message>
        <source>%1 must be an object</source>
        <translation>%1 muss ein Objekt sein</translation>
    </message>
    <message>
        <source>%1 has an invalid name &apos;%2&apos; (expected &apos;meta&apos; or &apos;shards/&lt;id&gt;&apos;)</source>
        <translation>%1 hat einen ungültigen Namen „%2“ (erwartet: „meta“ oder „shards/&lt;id&gt;“)</translation>
    </message>
    <message>
        <source>file %1 has a negative size</source>
        <translation>Datei %1 hat eine negative Größe</translation>
    </message>
    <message>
        <source>file %1 has an invalid checksum &apos;%2&apos; (expected 32 lower-case hex digits)</source>
        <translation>Datei %1 hat eine ungültige Prüfsumme „%2“ (erwartet: 32 Hex-Ziffern in Kleinbuchstaben)</translation>
    </message>
    <message>
        <source>&apos;boundary&apos; of file %1 must be an array of strings</source>
        <translation>„boundary“ von Datei %1 muss ein Array von Zeichenketten sein</translation>
    </message>
    <message>
        <source>the manifest has no &apos;files&apos;</source>
        <translation>das Manifest hat kein „files“</translation>
    </message>
    <message>
        <source>&apos;files&apos; must be an array</source>
        <translation>„files“ muss ein Array sein</translation>
    </message>
    <message>
        <source>file &apos;%1&apos; is listed twice</source>
        <translation>Datei „%1“ ist doppelt aufgeführt</translation>
    </message>
    <message>
        <source>the manifest</source>
        <translation>das Manifest</translation>
    </message>
    <message>
        <source>&apos;created&apos; is not an ISO 8601 time: &apos;%1&apos;</source>
        <translation>„created“ ist keine ISO-8601-Zeit: „%1“</translation>
    </message>
    <message>
        <source>&apos;chainId&apos; is empty</source>
        <translation>„chainId“ ist leer</translation>
    </message>
    <message>
        <source>unknown checksum algorithm &apos;%1&apos; (this Tidemark knows &apos;%2&apos;)</source>
        <translation>unbekannter Prüfsummen-Algorithmus „%1“ (dieses Tidemark kennt „%2“)</translation>
    </message>
    <message>
        <source>it has %1 bytes, more than the limit of %2</source>
        <translation>es hat %1 Bytes, mehr als die Grenze von %2</translation>
    </message>
    <message>
        <source>not valid JSON (%1 at byte %2)</source>
        <translation>kein gültiges JSON (%1 bei Byte %2)</translation>
    </message>
    <message>
        <source>the JSON is not an object</source>
        <translation>das JSON ist kein Objekt</translation>
    </message>
    <message>
        <source>the manifest has no &apos;format&apos;</source>
        <translation>das Manifest hat kein „format“</translation>
    </message>
    <message>
        <source>Use the Tidemark version that wrote the snapshot, or a newer one.</source>
        <translation>Die Tidemark-Version verwenden, die den Snapshot geschrieben hat, oder eine neuere.</translation>
    </message>
    <message>
        <source>unknown node kind %1 (this Tidemark knows &apos;tidemark&apos; and &apos;influxdb1&apos;)</source>
        <translation>unbekannte Knotenart %1 (dieses Tidemark kennt „tidemark“ und „influxdb1“)</translation>
    </message>
    <message>
        <source>its seal does not match its content (it was changed after it was written)</source>
        <translation>sein Siegel passt nicht zu seinem Inhalt (es wurde nach dem Schreiben verändert)</translation>
    </message>
    <message>
        <source>the manifest has no &apos;seal&apos;</source>
        <translation>das Manifest hat kein „seal“</translation>
    </message>
    <message>
        <source>file %1 is a block link (&apos;blocks&apos;), which format %2 cannot hold (format %3 can)</source>
        <translation>Datei %1 ist ein Block-Glied („blocks“), das Format %2 nicht enthalten kann (Format %3 kann es)</translation>
    </message>
    <message>
        <source>&apos;blocks&apos; of file %1</source>
        <translation>„blocks“ von Datei %1</translation>
    </message>
    <message>
        <source>%1 has a block size of %2 (expected a power of two from %3 to %4)</source>
        <translation>%1 hat eine Blockgröße von %2 (erwartet: eine Zweierpotenz von %3 bis %4)</translation>
    </message>
    <message>
        <source>%1 has an invalid base &apos;%2&apos; (expected 32 lower-case hex digits)</source>
        <translation>%1 hat eine ungültige Basis „%2“ (erwartet: 32 Hex-Ziffern in Kleinbuchstaben)</translation>
    </message>
    <message>
        <source>%1 has an invalid file checksum &apos;%2&apos; (expected 32 lower-case hex digits)</source>
        <translation>%1 hat eine ungültige Dateiprüfsumme „%2“ (erwartet: 32 Hex-Ziffern in Kleinbuchstaben)</translation>
    </message>
    <message>
        <source>%1 must have a file size and checksum exactly when the file has a checksum</source>
        <translation>%1 muss genau dann eine Dateigröße und Prüfsumme haben, wenn die Datei eine Prüfsumme hat</translation>
    </message>
    <message>
        <source>unknown format %1 (this Tidemark reads formats 1 to %2)</source>
        <translation>unbekanntes Format %1 (dieses Tidemark liest die Formate 1 bis %2)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds &apos;%2&apos; as changed blocks of an earlier version, but no earlier link holds &apos;%2&apos;</source>
        <translation>„%1“ enthält „%2“ als geänderte Blöcke einer früheren Version, aber kein früheres Glied enthält „%2“</translation>
    </message>
    <message>
        <source>The chain is incomplete or damaged: restore up to the link before &apos;%1&apos; (--upto), or from another backup.</source>
        <translation>Die Kette ist unvollständig oder beschädigt: bis zum Glied vor „%1“ wiederherstellen (--upto) oder aus einer anderen Sicherung.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds &apos;%2&apos; as changed blocks of the version with checksum %3, but the chain&apos;s version before it has checksum %4</source>
        <translation>„%1“ enthält „%2“ als geänderte Blöcke der Version mit Prüfsumme %3, aber die vorige Version der Kette hat die Prüfsumme %4</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>(unbekannt)</translation>
    </message>
    <message>
        <source>file %1 is a reference link (&apos;refs&apos;), which format %2 cannot hold (format %3 can)</source>
        <translation>Datei %1 ist ein Referenz-Glied („refs“), das Format %2 nicht enthalten kann (Format %3 kann es)</translation>
    </message>
    <message>
        <source>file %1 is both a block link and a reference link</source>
        <translation>Datei %1 ist zugleich ein Block-Glied und ein Referenz-Glied</translation>
    </message>
    <message>
        <source>&apos;refs&apos; of file %1</source>
        <translation>„refs“ von Datei %1</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds &apos;%2&apos; as references into an earlier version, but no earlier link holds &apos;%2&apos;</source>
        <translation>„%1“ enthält „%2“ als Referenzen auf eine frühere Version, aber kein früheres Glied enthält „%2“</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds &apos;%2&apos; as references into the version with checksum %3, but the chain&apos;s version before it has checksum %4</source>
        <translation>„%1“ enthält „%2“ als Referenzen auf die Version mit Prüfsumme %3, aber die vorige Version der Kette hat die Prüfsumme %4</translation>
    </message>
</context>
<context>
    <name>MetaBlob</name>
    <message>
        <source>The InfluxDB meta store from &apos;%1&apos; is damaged: %2</source>
        <translation>Der InfluxDB-Meta-Store aus „%1“ ist beschädigt: %2</translation>
    </message>
    <message>
        <source>Take a new full backup of the node.</source>
        <translation>Eine neue Vollsicherung des Knotens anlegen.</translation>
    </message>
    <message>
        <source>it is not a well-formed protocol buffer</source>
        <translation>er ist kein wohlgeformter Protocol Buffer</translation>
    </message>
    <message>
        <source>it has no index</source>
        <translation>er hat keinen Index</translation>
    </message>
    <message>
        <source>The InfluxDB meta store from &apos;%1&apos; is damaged: it is not a well-formed protocol buffer</source>
        <translation>Der InfluxDB-Meta-Store aus „%1“ ist beschädigt: er ist kein wohlgeformter Protocol Buffer</translation>
    </message>
    <message>
        <source>The InfluxDB meta store from &apos;%1&apos; has no database &apos;%2&apos;</source>
        <translation>Der InfluxDB-Meta-Store aus „%1“ hat keine Datenbank „%2“</translation>
    </message>
</context>
<context>
    <name>MetaStore</name>
    <message>
        <source>Meta store &apos;%1&apos; holds a record that is not valid JSON</source>
        <translation>Meta-Store „%1“ enthält einen Datensatz, der kein gültiges JSON ist</translation>
    </message>
    <message>
        <source>The file is damaged; restore the node from a backup.</source>
        <translation>Die Datei ist beschädigt; den Knoten aus einer Sicherung wiederherstellen.</translation>
    </message>
</context>
<context>
    <name>MetricsFile</name>
    <message>
        <source>Check that the directory exists and this user may write in it (node_exporter&apos;s --collector.textfile.directory, e.g. /var/lib/prometheus/node-exporter).</source>
        <translation>Prüfen, ob das Verzeichnis existiert und dieser Benutzer darin schreiben darf (--collector.textfile.directory von node_exporter, z. B. /var/lib/prometheus/node-exporter).</translation>
    </message>
    <message>
        <source>Cannot write the metrics file &apos;%1&apos;: %2</source>
        <translation>Die Metrikdatei „%1“ kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>NodeConfig</name>
    <message>
        <source>&apos;%1&apos; must be %2, not %3</source>
        <translation>„%1“ muss %2 sein, nicht %3</translation>
    </message>
    <message>
        <source>Write it as: %1 = %2</source>
        <translation>So schreiben: %1 = %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be an absolute path, not &apos;%2&apos;</source>
        <translation>„%1“ muss ein absoluter Pfad sein, nicht „%2“</translation>
    </message>
    <message>
        <source>Write the full path, e.g. %1 = &quot;/var/lib/tidemark/%2&quot;</source>
        <translation>Den vollständigen Pfad schreiben, z. B. %1 = &quot;/var/lib/tidemark/%2&quot;</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: %2</source>
        <translation>„%1“: %2</translation>
    </message>
    <message>
        <source>Write it as HOST:PORT, e.g. &quot;127.0.0.1:8086&quot;</source>
        <translation>Als HOST:PORT schreiben, z. B. &quot;127.0.0.1:8086&quot;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no port (expected HOST:PORT)</source>
        <translation>„%1“ hat keinen Port (erwartet: HOST:PORT)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has an invalid port (expected 0-65535)</source>
        <translation>„%1“ hat einen ungültigen Port (erwartet: 0-65535)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has an invalid host</source>
        <translation>„%1“ hat einen ungültigen Host</translation>
    </message>
    <message>
        <source>Cannot read config file &apos;%1&apos;: %2</source>
        <translation>Konfigurationsdatei „%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Create one with: tidemarkd config &gt; %1</source>
        <translation>Eine anlegen mit: tidemarkd config &gt; %1</translation>
    </message>
    <message>
        <source>not valid TOML: %1</source>
        <translation>kein gültiges TOML: %1</translation>
    </message>
    <message>
        <source>Compare with the output of &apos;tidemarkd config&apos;.</source>
        <translation>Mit der Ausgabe von „tidemarkd config“ vergleichen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be at least 16 characters long</source>
        <translation>„%1“ muss mindestens 16 Zeichen lang sein</translation>
    </message>
    <message>
        <source>Generate one with: head -c 32 /dev/urandom | base64</source>
        <translation>Ein Token erzeugen mit: head -c 32 /dev/urandom | base64</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: cannot read &apos;%2&apos;: %3</source>
        <translation>„%1“: „%2“ kann nicht gelesen werden: %3</translation>
    </message>
    <message>
        <source>Give the path of a PEM file that the user running tidemarkd can read.</source>
        <translation>Den Pfad einer PEM-Datei angeben, die der Benutzer lesen kann, unter dem tidemarkd läuft.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a duration of at least 1m, such as &quot;1h&quot; or &quot;1d&quot;</source>
        <translation>„%1“ muss eine Dauer von mindestens 1m sein, etwa &quot;1h&quot; oder &quot;1d&quot;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be at least 1024 bytes</source>
        <translation>„%1“ muss mindestens 1024 Bytes betragen</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a duration from 100ms to 1h, such as &quot;30s&quot;</source>
        <translation>„%1“ muss eine Dauer von 100ms bis 1h sein, etwa &quot;30s&quot;</translation>
    </message>
    <message>
        <source>unknown section or key &apos;%1&apos;</source>
        <translation>unbekannter Abschnitt oder Schlüssel „%1“</translation>
    </message>
    <message>
        <source>Valid sections are %1.</source>
        <translation>Gültige Abschnitte sind %1.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a section ([%1]), not %2</source>
        <translation>„%1“ muss ein Abschnitt ([%1]) sein, nicht %2</translation>
    </message>
    <message>
        <source>unknown key &apos;%1&apos; in [%2]</source>
        <translation>unbekannter Schlüssel „%1“ in [%2]</translation>
    </message>
    <message>
        <source>Valid keys in [%1] are: %2.</source>
        <translation>Gültige Schlüssel in [%1] sind: %2.</translation>
    </message>
    <message>
        <source>%1: missing required key &apos;dir&apos; in [broker]</source>
        <translation>%1: der Pflichtschlüssel „dir“ in [broker] fehlt</translation>
    </message>
    <message>
        <source>Add:
[broker]
dir = &quot;/var/lib/tidemark/broker&quot;</source>
        <translation>Ergänzen:
[broker]
dir = &quot;/var/lib/tidemark/broker&quot;</translation>
    </message>
    <message>
        <source>%1: missing required key &apos;dir&apos; in [data]</source>
        <translation>%1: der Pflichtschlüssel „dir“ in [data] fehlt</translation>
    </message>
    <message>
        <source>Add:
[data]
dir = &quot;/var/lib/tidemark/data&quot;</source>
        <translation>Ergänzen:
[data]
dir = &quot;/var/lib/tidemark/data&quot;</translation>
    </message>
    <message>
        <source>%1: [broker] dir and [data] dir are both &apos;%2&apos;</source>
        <translation>%1: [broker] dir und [data] dir sind beide „%2“</translation>
    </message>
    <message>
        <source>Give each its own directory.</source>
        <translation>Jedem ein eigenes Verzeichnis geben.</translation>
    </message>
    <message>
        <source>[snapshot] sets only one of &apos;tls-cert&apos; and &apos;tls-key&apos;; &apos;%1&apos; is missing</source>
        <translation>[snapshot] setzt nur eines von „tls-cert“ und „tls-key“; „%1“ fehlt</translation>
    </message>
    <message>
        <source>Set both (the certificate and its private key, PEM files) to use TLS, or neither.</source>
        <translation>Für TLS beide setzen (das Zertifikat und seinen privaten Schlüssel, PEM-Dateien), sonst keines.</translation>
    </message>
    <message>
        <source>&apos;snapshot.bind-address&apos; %1 is reachable from other machines but no auth token is set</source>
        <translation>„snapshot.bind-address“ %1 ist von anderen Rechnern erreichbar, aber es ist kein Anmelde-Token gesetzt</translation>
    </message>
    <message>
        <source>Set [snapshot] auth-token or auth-token-file, or bind to 127.0.0.1.</source>
        <translation>[snapshot] auth-token oder auth-token-file setzen oder an 127.0.0.1 binden.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a duration from 1s to 7d, such as &quot;6h&quot;</source>
        <translation>&apos;%1&apos; muss eine Dauer von 1s bis 7d sein, etwa &quot;6h&quot;</translation>
    </message>
</context>
<context>
    <name>NodeHealth</name>
    <message>
        <source>Snapshots are disabled on %1</source>
        <translation>Snapshots sind auf %1 abgeschaltet</translation>
    </message>
    <message>
        <source>Set [snapshot] enabled = true in the node&apos;s config and restart it.</source>
        <translation>In der Konfiguration des Knotens [snapshot] enabled = true setzen und ihn neu starten.</translation>
    </message>
</context>
<context>
    <name>NodeHttpApi</name>
    <message>
        <source>/ping accepts GET and HEAD</source>
        <translation>/ping nimmt GET und HEAD an</translation>
    </message>
    <message>
        <source>/write accepts POST only</source>
        <translation>/write nimmt nur POST an</translation>
    </message>
    <message>
        <source>/query accepts GET and POST</source>
        <translation>/query nimmt GET und POST an</translation>
    </message>
    <message>
        <source>no such endpoint: %1 (tidemarkd serves /ping, /write and /query)</source>
        <translation>unbekannter Endpunkt: %1 (tidemarkd bietet /ping, /write und /query)</translation>
    </message>
    <message>
        <source>database is required</source>
        <translation>database is required</translation>
    </message>
    <message>
        <source>database not found: &quot;%1&quot;</source>
        <translation>database not found: &quot;%1&quot;</translation>
    </message>
    <message>
        <source>invalid precision &quot;%1&quot; (use n, u, ms, s, m or h)</source>
        <translation>invalid precision &quot;%1&quot; (use n, u, ms, s, m or h)</translation>
    </message>
    <message>
        <source>Content-Encoding &quot;%1&quot; is not supported by tidemarkd; send the body uncompressed</source>
        <translation>Content-Encoding &quot;%1&quot; wird von tidemarkd nicht unterstützt; den Body unkomprimiert senden</translation>
    </message>
    <message>
        <source>unable to parse line %1: %2</source>
        <translation>unable to parse line %1: %2</translation>
    </message>
    <message>
        <source> (and %1 more)</source>
        <translation> (und %1 weitere)</translation>
    </message>
    <message>
        <source>partial write: %1 dropped=%2</source>
        <translation>partial write: %1 dropped=%2</translation>
    </message>
    <message>
        <source>missing required parameter &quot;q&quot;</source>
        <translation>missing required parameter &quot;q&quot;</translation>
    </message>
</context>
<context>
    <name>NodeInspector</name>
    <message>
        <source>Shard &apos;%1&apos; holds a malformed point</source>
        <translation>Shard „%1“ enthält einen fehlerhaften Punkt</translation>
    </message>
    <message>
        <source>The file is damaged; restore the node from a backup.</source>
        <translation>Die Datei ist beschädigt; den Knoten aus einer Sicherung wiederherstellen.</translation>
    </message>
</context>
<context>
    <name>OnlineRestoreJob</name>
    <message>
        <source>Restore of database %1 from %2 into %3</source>
        <translation>Wiederherstellung der Datenbank %1 aus %2 in %3</translation>
    </message>
</context>
<context>
    <name>PointWriter</name>
    <message>
        <source>--format &apos;%1&apos; is not a format export writes</source>
        <translation>--format „%1“ ist kein Format, das export schreibt</translation>
    </message>
    <message>
        <source>Give --format lp (line protocol, the default) or --format csv.</source>
        <translation>--format lp (Line Protocol, die Vorgabe) oder --format csv angeben.</translation>
    </message>
    <message>
        <source>Cannot write to %1: %2</source>
        <translation>In %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free space and permissions where the export goes.</source>
        <translation>Freien Platz und Berechtigungen dort prüfen, wohin der Export geht.</translation>
    </message>
</context>
<context>
    <name>RateLimiter</name>
    <message>
        <source>%1 takes bytes per second, with K, M or G for KiB, MiB or GiB per second, e.g. %1 50M; not &apos;%2&apos;</source>
        <translation>%1 erwartet Bytes pro Sekunde, mit K, M oder G für KiB, MiB oder GiB pro Sekunde, z. B. %1 50M; nicht „%2“</translation>
    </message>
    <message>
        <source>%1 must be more than 0 bytes per second, e.g. %1 500K</source>
        <translation>%1 muss mehr als 0 Bytes pro Sekunde sein, z. B. %1 500K</translation>
    </message>
</context>
<context>
    <name>RebuiltFile</name>
    <message>
        <source>Check free space where the chain&apos;s scratch directory is.</source>
        <translation>Freien Platz dort prüfen, wo das temporäre Verzeichnis der Kette liegt.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; in %2</source>
        <translation>„%1“ in %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; of %2</source>
        <translation>„%1“ von %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; of %2 was read out of its turn</source>
        <translation>„%1“ von %2 wurde außer der Reihe gelesen</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>RebuiltFiles</name>
    <message>
        <source>Check free space and permissions of the scratch directory.</source>
        <translation>Freien Platz und Berechtigungen des temporären Verzeichnisses prüfen.</translation>
    </message>
    <message>
        <source>%1 holds changed blocks, but no earlier link holds a version of it</source>
        <translation>%1 enthält geänderte Blöcke, aber kein früheres Glied enthält eine Version davon</translation>
    </message>
    <message>
        <source>The chain is incomplete or damaged: restore up to an earlier link (--upto), or from another backup.</source>
        <translation>Die Kette ist unvollständig oder beschädigt: bis zu einem früheren Glied wiederherstellen (--upto) oder aus einer anderen Sicherung.</translation>
    </message>
    <message>
        <source>%1 holds changed blocks of the version with checksum %2, but the chain&apos;s version before it has checksum %3</source>
        <translation>%1 enthält geänderte Blöcke der Version mit Prüfsumme %2, aber die vorige Version der Kette hat die Prüfsumme %3</translation>
    </message>
    <message>
        <source>%1: no entry begun</source>
        <translation>%1: kein Eintrag begonnen</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>%1 holds references into an earlier version, but no earlier link holds one</source>
        <translation>%1 enthält Referenzen auf eine frühere Version, aber kein früheres Glied enthält eine solche</translation>
    </message>
    <message>
        <source>%1 holds references into the version with checksum %2, but the chain&apos;s version before it has checksum %3</source>
        <translation>%1 enthält Referenzen auf die Version mit Prüfsumme %2, aber die vorige Version der Kette hat die Prüfsumme %3</translation>
    </message>
</context>
<context>
    <name>RefPatchApplier</name>
    <message>
        <source>The references of %1 are damaged: %2</source>
        <translation>Die Referenzen von %1 sind beschädigt: %2</translation>
    </message>
    <message>
        <source>Restore up to an earlier link (--upto), or from another backup.</source>
        <translation>Bis zu einem früheren Glied wiederherstellen (--upto) oder aus einer anderen Sicherung.</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free disk space and permissions where it is written.</source>
        <translation>Prüfen Sie freien Speicherplatz und Berechtigungen am Zielort.</translation>
    </message>
    <message>
        <source>Cannot read the version before %1: %2</source>
        <translation>Die vorige Version von %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>it ended early</source>
        <translation>sie endete vorzeitig</translation>
    </message>
    <message>
        <source>Check the scratch directory&apos;s disk, then run the command again.</source>
        <translation>Den Datenträger des temporären Verzeichnisses prüfen, dann den Befehl erneut ausführen.</translation>
    </message>
    <message>
        <source>it does not start with a reference link&apos;s header</source>
        <translation>sie beginnen nicht mit dem Kopf eines Referenz-Glieds</translation>
    </message>
    <message>
        <source>it rebuilds %1 bytes where the manifest says %2</source>
        <translation>sie ergeben %1 Bytes, laut Manifest aber %2</translation>
    </message>
    <message>
        <source>it refers to a version of %1 bytes, but the version before it has %2</source>
        <translation>sie beziehen sich auf eine Version mit %1 Bytes, aber die vorige Version hat %2</translation>
    </message>
    <message>
        <source>it ends after %1 of %2 bytes</source>
        <translation>sie enden nach %1 von %2 Bytes</translation>
    </message>
    <message>
        <source>a literal of %1 bytes at byte %2 of %3</source>
        <translation>ein Literal mit %1 Bytes bei Byte %2 von %3</translation>
    </message>
    <message>
        <source>a reference to %1 bytes at byte %2 of a version of %3 bytes</source>
        <translation>eine Referenz auf %1 Bytes bei Byte %2 einer Version mit %3 Bytes</translation>
    </message>
    <message>
        <source>an unknown record kind %1 at byte %2 of the file</source>
        <translation>eine unbekannte Eintragsart %1 bei Byte %2 der Datei</translation>
    </message>
    <message>
        <source>bytes follow its end record</source>
        <translation>auf ihren Endeintrag folgen noch Bytes</translation>
    </message>
    <message>
        <source>it is cut short after %1 of %2 bytes</source>
        <translation>sie sind nach %1 von %2 Bytes abgeschnitten</translation>
    </message>
</context>
<context>
    <name>RestoreEngine</name>
    <message>
        <source>Stop influxd first (e.g. systemctl stop influxdb), then run restore again.</source>
        <translation>Zuerst influxd stoppen (z. B. systemctl stop influxdb), dann die Wiederherstellung erneut starten.</translation>
    </message>
    <message>
        <source>The restore plan names no data directory</source>
        <translation>Der Wiederherstellungsplan nennt kein Datenverzeichnis</translation>
    </message>
    <message>
        <source>User &apos;%1&apos; does not exist</source>
        <translation>Benutzer „%1“ existiert nicht</translation>
    </message>
    <message>
        <source>Restore cancelled before anything was replaced</source>
        <translation>Wiederherstellung abgebrochen, bevor etwas ersetzt wurde</translation>
    </message>
    <message>
        <source>writing %1</source>
        <translation>schreibt %1</translation>
    </message>
    <message>
        <source>swapping in %1</source>
        <translation>tauscht %1 aus</translation>
    </message>
    <message>
        <source>Restored, but cannot remove the old &apos;%1&apos;</source>
        <translation>Wiederhergestellt, aber das alte „%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>Remove it by hand.</source>
        <translation>Es von Hand entfernen.</translation>
    </message>
    <message>
        <source>Cannot open &apos;%1&apos; to sync it</source>
        <translation>„%1“ kann zum Synchronisieren nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Cannot sync &apos;%1&apos;</source>
        <translation>„%1“ kann nicht synchronisiert werden</translation>
    </message>
    <message>
        <source>Cannot create &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>Free space there (df -h and df -i show bytes and inodes) or fix its permissions, then run the restore again; the old data was not touched.</source>
        <translation>Dort Platz schaffen (df -h und df -i zeigen Bytes und Inodes) oder die Berechtigungen korrigieren, dann die Wiederherstellung erneut starten; die alten Daten wurden nicht angefasst.</translation>
    </message>
    <message>
        <source>Cannot rename &apos;%1&apos; to &apos;%2&apos;: %3</source>
        <translation>„%1“ kann nicht in „%2“ umbenannt werden: %3</translation>
    </message>
    <message>
        <source>Cannot change the owner of &apos;%1&apos;: %2</source>
        <translation>Der Eigentümer von „%1“ kann nicht geändert werden: %2</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free space and permissions beside %1.</source>
        <translation>Freien Platz und Berechtigungen in %1 prüfen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not read back with the checksum it was written with</source>
        <translation>„%1“ liefert beim Zurücklesen nicht die Prüfsumme, mit der es geschrieben wurde</translation>
    </message>
    <message>
        <source>The disk under %1 may be failing.</source>
        <translation>Die Platte unter %1 fällt vielleicht aus.</translation>
    </message>
    <message>
        <source>Restore check of %1 for %2</source>
        <translation>Prüfung der Wiederherstellung von %1 für %2</translation>
    </message>
    <message>
        <source>Restore of %1 for %2</source>
        <translation>Wiederherstellung von %1 für %2</translation>
    </message>
    <message>
        <source>Cannot write the restore journal &apos;%1&apos;: %2</source>
        <translation>Das Wiederherstellungsjournal „%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the restore journal &apos;%1&apos;</source>
        <translation>Das Wiederherstellungsjournal „%1“ kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>Cannot remove &apos;%1&apos;</source>
        <translation>„%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>Rolled back an interrupted restore of &apos;%1&apos;: it had not swapped the directories yet, so the old ones are as they were.</source>
        <translation>Unterbrochene Wiederherstellung von „%1“ zurückgerollt: sie hatte die Verzeichnisse noch nicht getauscht, die alten sind also unverändert.</translation>
    </message>
    <message>
        <source>Finished an interrupted restore of &apos;%1&apos;: the restored directories are complete and in place.</source>
        <translation>Unterbrochene Wiederherstellung von „%1“ abgeschlossen: die wiederhergestellten Verzeichnisse sind vollständig und an ihrem Platz.</translation>
    </message>
    <message>
        <source>refusing to restore into &apos;%1&apos; (%2): it is a system or home directory and would be removed</source>
        <translation>Wiederherstellung nach „%1“ (%2) verweigert: es ist ein System- oder Home-Verzeichnis und würde entfernt werden</translation>
    </message>
    <message>
        <source>Point %1 in &apos;%2&apos; at a directory of its own, e.g. %3.</source>
        <translation>%1 in „%2“ auf ein eigenes Verzeichnis zeigen lassen, z. B. %3.</translation>
    </message>
    <message>
        <source>refusing to restore into &apos;%1&apos; (%2): the backup chain &apos;%3&apos; is inside it</source>
        <translation>Wiederherstellung nach „%1“ (%2) verweigert: die Sicherungskette „%3“ liegt darin</translation>
    </message>
    <message>
        <source>Move the backup out of that directory first.</source>
        <translation>Zuerst die Sicherung aus diesem Verzeichnis verschieben.</translation>
    </message>
    <message>
        <source>refusing to restore into &apos;%1&apos; and &apos;%2&apos;: one contains the other</source>
        <translation>Wiederherstellung nach „%1“ und „%2“ verweigert: eines enthält das andere</translation>
    </message>
    <message>
        <source>Give %1 and %2 separate directories.</source>
        <translation>%1 und %2 getrennte Verzeichnisse geben.</translation>
    </message>
    <message>
        <source>The node is running: &apos;%1&apos; (%2) is locked by pid %3</source>
        <translation>Der Knoten läuft: „%1“ (%2) ist von PID %3 gesperrt</translation>
    </message>
    <message>
        <source>The node is running: something answers on %1 (from &apos;%2&apos;)</source>
        <translation>Der Knoten läuft: auf %1 antwortet etwas (aus „%2“)</translation>
    </message>
    <message>
        <source>There is no backup at &apos;%1&apos;</source>
        <translation>Unter „%1“ gibt es keine Sicherung</translation>
    </message>
    <message>
        <source>Check the path of the full snapshot.</source>
        <translation>Den Pfad der Vollsicherung prüfen.</translation>
    </message>
    <message>
        <source>verifying %1</source>
        <translation>prüft %1</translation>
    </message>
    <message>
        <source>This link of the chain is damaged: restore with --upto to an earlier link, or from another backup.</source>
        <translation>Dieses Glied der Kette ist beschädigt: mit --upto bis zu einem früheren Glied wiederherstellen oder aus einer anderen Sicherung.</translation>
    </message>
    <message>
        <source>Not enough free space on &apos;%1&apos; for the restore: it needs %2 bytes, %3 are available</source>
        <translation>Nicht genug freier Platz auf „%1“ für die Wiederherstellung: sie braucht %2 Bytes, verfügbar sind %3</translation>
    </message>
    <message>
        <source>Free space there, or restore an earlier point with --upto.</source>
        <translation>Dort Platz schaffen oder mit --upto einen früheren Stand wiederherstellen.</translation>
    </message>
    <message>
        <source>Create it (useradd --system %1) or pass --owner USER.</source>
        <translation>Ihn anlegen (useradd --system %1) oder --owner USER angeben.</translation>
    </message>
    <message>
        <source>Only root can give the restored files to &apos;%1&apos;</source>
        <translation>Nur root kann „%1“ zum Eigentümer der wiederhergestellten Dateien machen</translation>
    </message>
    <message>
        <source>Run instead: %1</source>
        <translation>Stattdessen ausführen: %1</translation>
    </message>
    <message>
        <source>Stop tidemarkd first (e.g. systemctl stop tidemarkd), then run restore again.</source>
        <translation>Zuerst tidemarkd stoppen (z. B. systemctl stop tidemarkd), dann die Wiederherstellung erneut starten.</translation>
    </message>
    <message>
        <source>regenerating the broker at index %1</source>
        <translation>erzeugt den Broker bei Index %1 neu</translation>
    </message>
    <message>
        <source>This link of the chain is damaged: restore with --upto to an earlier link, or from another backup. Nothing was replaced.</source>
        <translation>Dieses Glied der Kette ist beschädigt: Stellen Sie mit --upto bis zu einem früheren Glied oder aus einer anderen Sicherung wieder her. Nichts wurde ersetzt.</translation>
    </message>
    <message>
        <source>reading %1</source>
        <translation>lese %1</translation>
    </message>
    <message>
        <source>checking %1 (superseded)</source>
        <translation>prüfe %1 (überholt)</translation>
    </message>
    <message>
        <source>The chain changed since the plan was made: run the restore again.</source>
        <translation>Die Kette hat sich seit der Planung geändert: Führen Sie die Wiederherstellung erneut aus.</translation>
    </message>
    <message>
        <source>reading back and syncing what was written</source>
        <translation>lese Geschriebenes zurück und synchronisiere es</translation>
    </message>
    <message>
        <source>Cannot open &apos;%1&apos; to sync it: %2</source>
        <translation>Kann „%1“ zum Synchronisieren nicht öffnen: %2</translation>
    </message>
    <message>
        <source>Cannot sync the file system of &apos;%1&apos;: %2</source>
        <translation>Kann das Dateisystem von „%1“ nicht synchronisieren: %2</translation>
    </message>
    <message>
        <source>The disk may be full or failing (dmesg tells); the old data was not touched.</source>
        <translation>Der Datenträger ist vielleicht voll oder defekt (dmesg zeigt es); die alten Daten wurden nicht angerührt.</translation>
    </message>
    <message>
        <source>Free space beside %1 (df -h), then run the restore again; the old data was not touched.</source>
        <translation>Schaffen Sie Platz neben %1 (df -h) und führen Sie die Wiederherstellung erneut aus; die alten Daten wurden nicht angerührt.</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos; back: %2</source>
        <translation>Kann „%1“ nicht zurücklesen: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not the newest chain of its series (backup --max-links): &apos;%2&apos; holds later points</source>
        <translation>&apos;%1&apos; ist nicht die neueste Kette ihrer Reihe (backup --max-links): &apos;%2&apos; enthält spätere Zeitpunkte</translation>
    </message>
    <message>
        <source>Restore &apos;%1&apos; for the latest data; go on with this one only for a point in time it holds.</source>
        <translation>&apos;%1&apos; wiederherstellen, um die neuesten Daten zu erhalten; mit dieser nur fortfahren, wenn ein Zeitpunkt gebraucht wird, den sie enthält.</translation>
    </message>
    <message>
        <source>%1 holds &apos;%2&apos; as changed blocks, which InfluxDB 1.x chains never hold</source>
        <translation>%1 enthält „%2“ als geänderte Blöcke, die Ketten von InfluxDB 1.x nie enthalten</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no step %2</source>
        <translation>„%1“ hat keinen Schritt %2</translation>
    </message>
    <message>
        <source>%1 holds &apos;%2&apos; as changed blocks, but the restore has no earlier version of it to apply them to</source>
        <translation>%1 enthält „%2“ als geänderte Blöcke, aber die Wiederherstellung hat keine frühere Version davon, auf die sie sich anwenden ließen</translation>
    </message>
    <message>
        <source>Restore up to the link before it (--upto), or from another backup.</source>
        <translation>Bis zum Glied davor wiederherstellen (--upto) oder aus einer anderen Sicherung.</translation>
    </message>
    <message>
        <source>&apos;%1&apos;, rebuilt from %2 and its block links up to %3</source>
        <translation>„%1“, neu aufgebaut aus %2 und seinen Block-Gliedern bis %3</translation>
    </message>
    <message>
        <source>&apos;%1&apos; in %2</source>
        <translation>„%1“ in %2</translation>
    </message>
    <message>
        <source>applying the changed blocks of %1</source>
        <translation>wendet die geänderten Blöcke von %1 an</translation>
    </message>
    <message>
        <source>Only %1 of %2 planned entries were found in the chain</source>
        <translation>Nur %1 von %2 geplanten Einträgen wurden in der Kette gefunden</translation>
    </message>
    <message>
        <source>%1, has checksum %2 where the chain says %3 (restored as &apos;%4&apos;)</source>
        <translation>%1, hat die Prüfsumme %2, laut Kette aber %3 (wiederhergestellt als „%4“)</translation>
    </message>
    <message>
        <source>The chain changed while it was read: run the restore again.</source>
        <translation>Die Kette hat sich beim Lesen geändert: Führen Sie die Wiederherstellung erneut aus.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds block links (only the changed blocks of a file), which chains of %2 never hold</source>
        <translation>„%1“ enthält Block-Glieder (nur die geänderten Blöcke einer Datei), die Ketten von %2 nie enthalten</translation>
    </message>
    <message>
        <source>The link is damaged or was not written by Tidemark&apos;s backup of that kind: restore up to the link before it (--upto), or from another backup.</source>
        <translation>Das Glied ist beschädigt oder wurde nicht von Tidemarks Sicherung dieser Art geschrieben: bis zum Glied davor wiederherstellen (--upto) oder aus einer anderen Sicherung.</translation>
    </message>
    <message>
        <source>The chain lists &apos;%1&apos; but no link holds a version of it</source>
        <translation>Die Kette führt „%1“ auf, aber kein Glied enthält eine Version davon</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has a version after the restored link</source>
        <translation>„%1“ hat eine Version nach dem wiederhergestellten Glied</translation>
    </message>
    <message>
        <source>%1 holds &apos;%2&apos; as references into an earlier version, but the restore has no earlier version of it</source>
        <translation>%1 enthält „%2“ als Referenzen auf eine frühere Version, aber die Wiederherstellung hat keine frühere Version davon</translation>
    </message>
    <message>
        <source>The version of &apos;%1&apos; before %2 was not staged at &apos;%3&apos;</source>
        <translation>Die Version von „%1“ vor %2 wurde nicht unter „%3“ zwischengespeichert</translation>
    </message>
    <message>
        <source>Check free space beside %1.</source>
        <translation>Freien Platz neben %1 prüfen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos;, rebuilt from %2 and its reference links up to %3</source>
        <translation>„%1“, neu aufgebaut aus %2 und seinen Referenz-Gliedern bis %3</translation>
    </message>
    <message>
        <source>Cannot remove &apos;%1&apos; after unpacking it</source>
        <translation>„%1“ kann nach dem Entpacken nicht entfernt werden</translation>
    </message>
    <message>
        <source>Check the permissions of %1.</source>
        <translation>Die Berechtigungen von %1 prüfen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; in %2 is neither a block nor a reference link</source>
        <translation>„%1“ in %2 ist weder ein Block- noch ein Referenz-Glied</translation>
    </message>
    <message>
        <source>Cannot open &apos;%1&apos; to apply &apos;%2&apos; of %3 to it: %4</source>
        <translation>„%1“ kann nicht geöffnet werden, um „%2“ von %3 darauf anzuwenden: %4</translation>
    </message>
    <message>
        <source>rebuilding %1 from its version before</source>
        <translation>baut %1 aus seiner vorigen Version neu auf</translation>
    </message>
    <message>
        <source>The chain&apos;s block or reference links do not fit together: restore up to an earlier link (--upto), or from another backup. Nothing was replaced.</source>
        <translation>Die Block- oder Referenz-Glieder der Kette passen nicht zusammen: Stellen Sie bis zu einem früheren Glied (--upto) oder aus einer anderen Sicherung wieder her. Nichts wurde ersetzt.</translation>
    </message>
    <message>
        <source>Only %1 of %2 entries of the files rebuilt from block or reference links were found in the chain</source>
        <translation>Nur %1 von %2 Einträgen der aus Block- oder Referenz-Gliedern neu aufgebauten Dateien wurden in der Kette gefunden</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds reference links (a file as byte ranges of its version before), which chains of %2 never hold</source>
        <translation>„%1“ enthält Referenz-Glieder (eine Datei als Byte-Bereiche ihrer vorigen Version), die Ketten von %2 nie enthalten</translation>
    </message>
</context>
<context>
    <name>RetentionPolicy</name>
    <message>
        <source>last %1</source>
        <translation>letzte %1</translation>
    </message>
    <message>
        <source>hourly %1</source>
        <translation>stündlich %1</translation>
    </message>
    <message>
        <source>daily %1</source>
        <translation>täglich %1</translation>
    </message>
    <message>
        <source>weekly %1</source>
        <translation>wöchentlich %1</translation>
    </message>
    <message>
        <source>monthly %1</source>
        <translation>monatlich %1</translation>
    </message>
    <message>
        <source>yearly %1</source>
        <translation>jährlich %1</translation>
    </message>
    <message>
        <source>Use a span like 30d, 12h, 1y6m or 2y3m7d12h.</source>
        <translation>Eine Zeitspanne wie 30d, 12h, 1y6m oder 2y3m7d12h angeben.</translation>
    </message>
    <message>
        <source>%1 takes a span of years, months, days and hours (y, m, d, h, in that order); not &apos;%2&apos;</source>
        <translation>%1 erwartet eine Zeitspanne aus Jahren, Monaten, Tagen und Stunden (y, m, d, h, in dieser Reihenfolge); nicht „%2“</translation>
    </message>
    <message>
        <source>%1 takes at most %2 of each part of a span; not &apos;%3&apos;</source>
        <translation>%1 erlaubt je Teil einer Zeitspanne höchstens %2; nicht „%3“</translation>
    </message>
    <message>
        <source>The retention policy&apos;s &quot;%1&quot; must be a span like &quot;30d&quot;, not %2</source>
        <translation>„%1“ der Aufbewahrungsrichtlinie muss eine Zeitspanne wie &quot;30d&quot; sein, nicht %2</translation>
    </message>
    <message>
        <source>The retention policy&apos;s &quot;%1&quot;</source>
        <translation>„%1“ der Aufbewahrungsrichtlinie</translation>
    </message>
    <message>
        <source>The retention policy has an unknown key &quot;%1&quot;</source>
        <translation>Die Aufbewahrungsrichtlinie hat einen unbekannten Schlüssel „%1“</translation>
    </message>
    <message>
        <source>The keys are last, hourly, daily, weekly, monthly, yearly and within.</source>
        <translation>Die Schlüssel sind last, hourly, daily, weekly, monthly, yearly und within.</translation>
    </message>
    <message>
        <source>The retention policy&apos;s &quot;%1&quot; must be a whole number, -1 (every period) or more; not %2</source>
        <translation>„%1“ der Aufbewahrungsrichtlinie muss eine ganze Zahl von -1 (jeder Zeitraum) an aufwärts sein; nicht %2</translation>
    </message>
    <message>
        <source>within %1</source>
        <translation>innerhalb %1</translation>
    </message>
</context>
<context>
    <name>S3ChainStore</name>
    <message>
        <source>%1 (upload in progress)</source>
        <translation>%1 (Hochladen läuft)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not name a chain: give s3://BUCKET/KEY, where KEY is the full snapshot&apos;s object (e.g. s3://backups/tidemark/node1).</source>
        <translation>„%1“ benennt keine Kette: s3://BUCKET/SCHLÜSSEL angeben, wobei SCHLÜSSEL das Objekt der Vollsicherung ist (z. B. s3://backups/tidemark/node1).</translation>
    </message>
    <message>
        <source>%1 (unfinished upload %2)</source>
        <translation>%1 (unfertiges Hochladen %2)</translation>
    </message>
    <message>
        <source>Cannot open backup &apos;%1&apos;: no such object.</source>
        <translation>Sicherung „%1“ lässt sich nicht öffnen: kein solches Objekt.</translation>
    </message>
    <message>
        <source>Another backup is writing the chain &apos;%1&apos; (process %2 on %3, lock held until %4).</source>
        <translation>Eine andere Sicherung schreibt die Kette „%1“ (Prozess %2 auf %3, Sperre gehalten bis %4).</translation>
    </message>
    <message>
        <source>Wait for it to finish; a lock whose holder died expires by itself (or remove the object &apos;%1&apos; if no backup runs).</source>
        <translation>Warten, bis sie fertig ist; eine Sperre, deren Halter beendet ist, läuft von selbst ab (oder das Objekt „%1“ entfernen, wenn keine Sicherung läuft).</translation>
    </message>
    <message>
        <source>Another backup took the lock of the chain &apos;%1&apos; at the same time.</source>
        <translation>Eine andere Sicherung hat die Sperre der Kette „%1“ zur selben Zeit genommen.</translation>
    </message>
    <message>
        <source>Wait for it to finish.</source>
        <translation>Warten, bis sie fertig ist.</translation>
    </message>
    <message>
        <source>%1 held %2 bytes after its upload, but %3 were sent; it was removed.</source>
        <translation>%1 enthielt nach dem Hochladen %2 Bytes, gesendet wurden aber %3; es wurde entfernt.</translation>
    </message>
    <message>
        <source>Something changed the object meanwhile; back up again.</source>
        <translation>Etwas hat das Objekt inzwischen geändert; erneut sichern.</translation>
    </message>
    <message>
        <source>Another backup took the lock of the chain while %1 was uploaded; it was not written.</source>
        <translation>Eine andere Sicherung hat die Sperre der Kette übernommen, während %1 hochgeladen wurde; es wurde nicht geschrieben.</translation>
    </message>
    <message>
        <source>Run one backup of a chain at a time.</source>
        <translation>Sichern Sie eine Kette immer nur einmal gleichzeitig.</translation>
    </message>
</context>
<context>
    <name>S3Client</name>
    <message>
        <source> (after %1 tries)</source>
        <translation> (nach %1 Versuchen)</translation>
    </message>
    <message>
        <source>Cannot resolve the S3 endpoint&apos;s host &apos;%1&apos; (DNS).</source>
        <translation>Der Host „%1“ des S3-Endpunkts lässt sich nicht auflösen (DNS).</translation>
    </message>
    <message>
        <source>Check --s3-endpoint / AWS_ENDPOINT_URL and this machine&apos;s DNS.</source>
        <translation>--s3-endpoint / AWS_ENDPOINT_URL und das DNS dieses Rechners prüfen.</translation>
    </message>
    <message>
        <source>TLS with the S3 endpoint %1 failed: %2</source>
        <translation>TLS mit dem S3-Endpunkt %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Trust the endpoint&apos;s CA with AWS_CA_BUNDLE=FILE (PEM), or check that the endpoint speaks https on that port.</source>
        <translation>Der CA des Endpunkts mit AWS_CA_BUNDLE=DATEI (PEM) vertrauen, oder prüfen, dass der Endpunkt auf diesem Port https spricht.</translation>
    </message>
    <message>
        <source>Cannot connect to the S3 endpoint %1%2: %3</source>
        <translation>Keine Verbindung zum S3-Endpunkt %1%2: %3</translation>
    </message>
    <message>
        <source>Check that the object store runs and --s3-endpoint / AWS_ENDPOINT_URL names it.</source>
        <translation>Prüfen, dass der Objektspeicher läuft und --s3-endpoint / AWS_ENDPOINT_URL ihn nennt.</translation>
    </message>
    <message>
        <source>Cancelled while %1 %2.</source>
        <translation>Abgebrochen beim %1 %2.</translation>
    </message>
    <message>
        <source>The connection to the S3 endpoint %1 failed while %2 %3%4: %5</source>
        <translation>Die Verbindung zum S3-Endpunkt %1 brach beim %2 %3%4 ab: %5</translation>
    </message>
    <message>
        <source>The network or the object store failed; run the command again.</source>
        <translation>Das Netz oder der Objektspeicher ist ausgefallen; den Befehl erneut ausführen.</translation>
    </message>
    <message>
        <source>The object store at %1 does not know the access key &apos;%2&apos; (from %3).</source>
        <translation>Der Objektspeicher unter %1 kennt den Zugriffsschlüssel „%2“ (aus %3) nicht.</translation>
    </message>
    <message>
        <source>Check AWS_ACCESS_KEY_ID or the profile&apos;s aws_access_key_id, and that --s3-endpoint is the store the key belongs to.</source>
        <translation>AWS_ACCESS_KEY_ID oder aws_access_key_id des Profils prüfen, und dass --s3-endpoint der Speicher ist, zu dem der Schlüssel gehört.</translation>
    </message>
    <message>
        <source>The object store at %1 rejected the signature for access key &apos;%2&apos;: the secret key (from %3) is not that key&apos;s.</source>
        <translation>Der Objektspeicher unter %1 hat die Signatur für den Zugriffsschlüssel „%2“ abgelehnt: der geheime Schlüssel (aus %3) gehört nicht zu diesem Schlüssel.</translation>
    </message>
    <message>
        <source>Check AWS_SECRET_ACCESS_KEY or the profile&apos;s aws_secret_access_key.</source>
        <translation>AWS_SECRET_ACCESS_KEY oder aws_secret_access_key des Profils prüfen.</translation>
    </message>
    <message>
        <source>The object store at %1 refused the request: this machine&apos;s clock differs from the store&apos;s by more than 15 minutes.</source>
        <translation>Der Objektspeicher unter %1 hat die Anfrage abgelehnt: die Uhr dieses Rechners weicht um mehr als 15 Minuten von der des Speichers ab.</translation>
    </message>
    <message>
        <source>Set the clock right (timedatectl set-ntp true, or chrony) and run again.</source>
        <translation>Die Uhr richtig stellen (timedatectl set-ntp true, oder chrony) und erneut ausführen.</translation>
    </message>
    <message>
        <source>The bucket &apos;%1&apos; is not in the region &apos;%2&apos;%3 (%4).</source>
        <translation>Der Bucket „%1“ liegt nicht in der Region „%2“%3 (%4).</translation>
    </message>
    <message>
        <source>: it is in &apos;%1&apos;</source>
        <translation>: er liegt in „%1“</translation>
    </message>
    <message>
        <source>Pass --s3-region %1 or set AWS_REGION.</source>
        <translation>--s3-region %1 angeben oder AWS_REGION setzen.</translation>
    </message>
    <message>
        <source>The bucket &apos;%1&apos; does not exist at %2.</source>
        <translation>Den Bucket „%1“ gibt es unter %2 nicht.</translation>
    </message>
    <message>
        <source>Create it first (s3cmd mb s3://%1, aws s3 mb s3://%1), or check the bucket name and --s3-endpoint.</source>
        <translation>Ihn zuerst anlegen (s3cmd mb s3://%1, aws s3 mb s3://%1), oder den Bucket-Namen und --s3-endpoint prüfen.</translation>
    </message>
    <message>
        <source>%1 does not exist (%2).</source>
        <translation>%1 gibt es nicht (%2).</translation>
    </message>
    <message>
        <source>The object store at %1 denied %2 %3 to access key &apos;%4&apos; (%5).</source>
        <translation>Der Objektspeicher unter %1 hat dem Zugriffsschlüssel „%4“ das %2 %3 verweigert (%5).</translation>
    </message>
    <message>
        <source>Grant the key s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload and s3:ListBucketMultipartUploads on the bucket.</source>
        <translation>Dem Schlüssel s3:ListBucket, s3:GetObject, s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload und s3:ListBucketMultipartUploads auf dem Bucket gewähren.</translation>
    </message>
    <message>
        <source>%1 was replaced while it was being read (%2).</source>
        <translation>%1 wurde ersetzt, während es gelesen wurde (%2).</translation>
    </message>
    <message>
        <source>Another program wrote the object; run the command again.</source>
        <translation>Ein anderes Programm hat das Objekt geschrieben; den Befehl erneut ausführen.</translation>
    </message>
    <message>
        <source>The object store at %1 kept failing while %2 %3%4: %5</source>
        <translation>Der Objektspeicher unter %1 scheiterte wiederholt beim %2 %3%4: %5</translation>
    </message>
    <message>
        <source>It is overloaded or failing; run the command again later.</source>
        <translation>Er ist überlastet oder gestört; den Befehl später erneut ausführen.</translation>
    </message>
    <message>
        <source>The object store at %1 refused %2 %3: %4</source>
        <translation>Der Objektspeicher unter %1 hat das %2 %3 abgelehnt: %4</translation>
    </message>
    <message>
        <source>Check that the endpoint is an S3-compatible object store.</source>
        <translation>Prüfen, dass der Endpunkt ein S3-kompatibler Objektspeicher ist.</translation>
    </message>
    <message>
        <source>Cannot start libcurl (out of memory?).</source>
        <translation>libcurl lässt sich nicht starten (kein Speicher mehr?).</translation>
    </message>
    <message>
        <source>listing</source>
        <translation>Auflisten von</translation>
    </message>
    <message>
        <source>The object store at %1 answered a listing of %2 with bad XML: %3</source>
        <translation>Der Objektspeicher unter %1 hat das Auflisten von %2 mit fehlerhaftem XML beantwortet: %3</translation>
    </message>
    <message>
        <source>looking up</source>
        <translation>Nachschlagen von</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>Lesen von</translation>
    </message>
    <message>
        <source>writing</source>
        <translation>Schreiben von</translation>
    </message>
    <message>
        <source>removing</source>
        <translation>Entfernen von</translation>
    </message>
    <message>
        <source>starting the upload of</source>
        <translation>Starten des Hochladens von</translation>
    </message>
    <message>
        <source>The object store at %1 gave no UploadId for %2.</source>
        <translation>Der Objektspeicher unter %1 hat keine UploadId für %2 geliefert.</translation>
    </message>
    <message>
        <source>uploading part %1 of</source>
        <translation>Hochladen von Teil %1 von</translation>
    </message>
    <message>
        <source>The object store at %1 gave no ETag for part %2 of %3.</source>
        <translation>Der Objektspeicher unter %1 hat kein ETag für Teil %2 von %3 geliefert.</translation>
    </message>
    <message>
        <source>The object store at %1 stored part %2 of %3 with ETag %4, but the part&apos;s MD5 is %5 (%6 tries).</source>
        <translation>Der Objektspeicher unter %1 hat Teil %2 von %3 mit ETag %4 gespeichert, die MD5 des Teils ist aber %5 (%6 Versuche).</translation>
    </message>
    <message>
        <source>Something between this machine and the store changes data; check proxies and the network.</source>
        <translation>Etwas zwischen diesem Rechner und dem Speicher verändert Daten; Proxys und das Netz prüfen.</translation>
    </message>
    <message>
        <source>completing the upload of</source>
        <translation>Abschließen des Hochladens von</translation>
    </message>
    <message>
        <source>aborting the upload of</source>
        <translation>Abbrechen des Hochladens von</translation>
    </message>
    <message>
        <source>listing the unfinished uploads of</source>
        <translation>Auflisten der unfertigen Uploads von</translation>
    </message>
    <message>
        <source>The object store at %1 answered a listing of uploads with bad XML: %2</source>
        <translation>Der Objektspeicher unter %1 hat das Auflisten der Uploads mit fehlerhaftem XML beantwortet: %2</translation>
    </message>
</context>
<context>
    <name>S3Settings</name>
    <message>
        <source>AWS_PROFILE names the profile &apos;%1&apos;, which neither &apos;%2&apos; nor &apos;%3&apos; has.</source>
        <translation>AWS_PROFILE nennt das Profil „%1“, das weder „%2“ noch „%3“ enthält.</translation>
    </message>
    <message>
        <source>Add a [%1] section to &apos;%2&apos;, or unset AWS_PROFILE.</source>
        <translation>Einen Abschnitt [%1] in „%2“ anlegen oder AWS_PROFILE entfernen.</translation>
    </message>
    <message>
        <source>The S3 endpoint &apos;%1&apos; is not a URL like https://HOST[:PORT].</source>
        <translation>Der S3-Endpunkt „%1“ ist keine URL wie https://HOST[:PORT].</translation>
    </message>
    <message>
        <source>Give --s3-endpoint (or AWS_ENDPOINT_URL) as scheme, host and port only.</source>
        <translation>--s3-endpoint (oder AWS_ENDPOINT_URL) nur als Schema, Host und Port angeben.</translation>
    </message>
    <message>
        <source>The CA bundle &apos;%1&apos; (AWS_CA_BUNDLE or ca_bundle) does not exist.</source>
        <translation>Das CA-Bündel „%1“ (AWS_CA_BUNDLE oder ca_bundle) gibt es nicht.</translation>
    </message>
    <message>
        <source>Point it at a PEM file of the CA that signed the endpoint&apos;s certificate.</source>
        <translation>Auf eine PEM-Datei der CA zeigen lassen, die das Zertifikat des Endpunkts signiert hat.</translation>
    </message>
    <message>
        <source>the location&apos;s saved keys</source>
        <translation>den gespeicherten Schlüsseln des Speicherorts</translation>
    </message>
    <message>
        <source>AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.</source>
        <translation>AWS_ACCESS_KEY_ID ist gesetzt, AWS_SECRET_ACCESS_KEY aber nicht.</translation>
    </message>
    <message>
        <source>Set both, or neither and use a profile in &apos;%1&apos;.</source>
        <translation>Beide setzen, oder keines und ein Profil in „%1“ verwenden.</translation>
    </message>
    <message>
        <source>profile &apos;%1&apos; of &apos;%2&apos;</source>
        <translation>Profil „%1“ aus „%2“</translation>
    </message>
    <message>
        <source>Profile &apos;%1&apos; of &apos;%2&apos; has aws_access_key_id but no aws_secret_access_key.</source>
        <translation>Profil „%1“ aus „%2“ hat aws_access_key_id, aber kein aws_secret_access_key.</translation>
    </message>
    <message>
        <source>Add the secret key to that profile.</source>
        <translation>Den geheimen Schlüssel in diesem Profil ergänzen.</translation>
    </message>
    <message>
        <source>No S3 credentials: AWS_ACCESS_KEY_ID is not set and profile &apos;%1&apos; has none.</source>
        <translation>Keine S3-Zugangsdaten: AWS_ACCESS_KEY_ID ist nicht gesetzt und Profil „%1“ hat keine.</translation>
    </message>
    <message>
        <source>Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or put them in &apos;%1&apos; under [%2] (aws_access_key_id, aws_secret_access_key).</source>
        <translation>AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY exportieren, oder sie in „%1“ unter [%2] eintragen (aws_access_key_id, aws_secret_access_key).</translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>&apos;%1&apos; cannot name a schedule: use 1 to 64 letters, digits, &apos;-&apos; and &apos;_&apos;, starting with a letter or digit</source>
        <translation>„%1“ taugt nicht als Name eines Zeitplans: 1 bis 64 Buchstaben, Ziffern, „-“ und „_“ verwenden, beginnend mit einem Buchstaben oder einer Ziffer</translation>
    </message>
    <message>
        <source>The schedule &apos;%1&apos; names no chain</source>
        <translation>Der Zeitplan „%1“ nennt keine Kette</translation>
    </message>
    <message>
        <source>Give the chain&apos;s path: a file path or s3://BUCKET/PREFIX/NAME.</source>
        <translation>Den Pfad der Kette angeben: einen Dateipfad oder s3://BUCKET/PRÄFIX/NAME.</translation>
    </message>
    <message>
        <source>The chain &apos;%1&apos; must be an absolute path</source>
        <translation>Die Kette „%1“ muss ein absoluter Pfad sein</translation>
    </message>
    <message>
        <source>A timer runs in another directory; write the full path.</source>
        <translation>Ein Timer läuft in einem anderen Verzeichnis; den vollständigen Pfad schreiben.</translation>
    </message>
    <message>
        <source>kind must be tidemark or influxdb1, not &apos;%1&apos;</source>
        <translation>kind muss tidemark oder influxdb1 sein, nicht „%1“</translation>
    </message>
    <message>
        <source>The file &apos;%1&apos; must be given by its absolute path</source>
        <translation>Die Datei „%1“ muss mit ihrem absoluten Pfad angegeben werden</translation>
    </message>
    <message>
        <source>retries takes a whole number from 0 to 20</source>
        <translation>retries erwartet eine ganze Zahl von 0 bis 20</translation>
    </message>
    <message>
        <source>retry_delay takes a duration up to 1d</source>
        <translation>retry_delay erwartet eine Dauer bis 1d</translation>
    </message>
    <message>
        <source>max_links takes a whole number from 2 to 10000</source>
        <translation>max_links erwartet eine ganze Zahl von 2 bis 10000</translation>
    </message>
    <message>
        <source>verify every takes a whole number from 0 to 10000</source>
        <translation>verify every erwartet eine ganze Zahl von 0 bis 10000</translation>
    </message>
    <message>
        <source>The prune policy keeps nothing</source>
        <translation>Die Aufbewahrungsrichtlinie der Bereinigung behält nichts</translation>
    </message>
    <message>
        <source>Set at least one keep rule, e.g. keep_daily = 7.</source>
        <translation>Mindestens eine Aufbewahrungsregel setzen, z. B. keep_daily = 7.</translation>
    </message>
    <message>
        <source>The webhook must be an http:// or https:// URL</source>
        <translation>Der Webhook muss eine http://- oder https://-URL sein</translation>
    </message>
    <message>
        <source>webhook_format must be json or alertmanager, not &apos;%1&apos;</source>
        <translation>webhook_format muss json oder alertmanager sein, nicht „%1“</translation>
    </message>
    <message>
        <source>The metrics file &apos;%1&apos; must be an absolute path</source>
        <translation>Die Metrikdatei „%1“ muss ein absoluter Pfad sein</translation>
    </message>
    <message>
        <source>not valid TOML: %1</source>
        <translation>kein gültiges TOML: %1</translation>
    </message>
    <message>
        <source>Compare with a definition written by tidemark-cli schedule add.</source>
        <translation>Mit einer von tidemark-cli schedule add geschriebenen Definition vergleichen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a string in quotes</source>
        <translation>„%1“ muss eine Zeichenkette in Anführungszeichen sein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be true or false</source>
        <translation>„%1“ muss true oder false sein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a whole number from %2 to %3</source>
        <translation>„%1“ muss eine ganze Zahl von %2 bis %3 sein</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a duration in quotes, like &quot;90s&quot;, &quot;5m&quot;, &quot;26h&quot; or &quot;2d&quot;</source>
        <translation>„%1“ muss eine Dauer in Anführungszeichen sein, etwa &quot;90s&quot;, &quot;5m&quot;, &quot;26h&quot; oder &quot;2d&quot;</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: a schedule has one of every, daily, weekly and calendar</source>
        <translation>„%1“: ein Zeitplan hat nur eines von every, daily, weekly und calendar</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a whole number (-1 keeps one in every period)</source>
        <translation>„%1“ muss eine ganze Zahl sein (-1 behält einen in jedem Zeitraum)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be a span in quotes, like &quot;30d&quot; or &quot;1y6m&quot;</source>
        <translation>„%1“ muss eine Zeitspanne in Anführungszeichen sein, etwa &quot;30d&quot; oder &quot;1y6m&quot;</translation>
    </message>
    <message>
        <source>unknown section &apos;%1&apos;</source>
        <translation>unbekannter Abschnitt „%1“</translation>
    </message>
    <message>
        <source>A schedule has the sections %1.</source>
        <translation>Ein Zeitplan hat die Abschnitte %1.</translation>
    </message>
    <message>
        <source>unknown key &apos;%1&apos; in [%2]</source>
        <translation>unbekannter Schlüssel „%1“ in [%2]</translation>
    </message>
    <message>
        <source>[%1] takes: %2.</source>
        <translation>[%1] kennt: %2.</translation>
    </message>
    <message>
        <source>no time to run: [when] needs every, daily, weekly or calendar</source>
        <translation>keine Ausführungszeit: [when] braucht every, daily, weekly oder calendar</translation>
    </message>
    <message>
        <source>For example: [when] daily = &quot;02:30&quot;</source>
        <translation>Zum Beispiel: [when] daily = &quot;02:30&quot;</translation>
    </message>
    <message>
        <source>drill every takes a whole number from 0 to 10000</source>
        <translation>drill every erwartet eine ganze Zahl von 0 bis 10000</translation>
    </message>
</context>
<context>
    <name>ScheduleSetup</name>
    <message>
        <source>Cannot create the directory &apos;%1&apos;</source>
        <translation>Das Verzeichnis „%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Check the permissions of your ~/.config.</source>
        <translation>Die Berechtigungen Ihres ~/.config prüfen.</translation>
    </message>
    <message>
        <source>Cannot write the token file &apos;%1&apos;: %2</source>
        <translation>Die Token-Datei „%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot remove the token file &apos;%1&apos;</source>
        <translation>Die Token-Datei „%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>Schedule %1 is unchanged: %2.</source>
        <translation>Zeitplan %1 ist unverändert: %2.</translation>
    </message>
    <message>
        <source>Schedule %1 saved (%2): Tidemark runs it while it is open, as no systemd user manager runs here.</source>
        <translation>Zeitplan %1 gespeichert (%2): Tidemark führt ihn aus, solange es geöffnet ist, da hier keine systemd-Benutzerinstanz läuft.</translation>
    </message>
    <message>
        <source>Schedule %1 saved (%2) and its timer %3 enabled.</source>
        <translation>Zeitplan %1 gespeichert (%2) und sein Timer %3 aktiviert.</translation>
    </message>
</context>
<context>
    <name>ScheduleStore</name>
    <message>
        <source>Cannot create the directory &apos;%1&apos;</source>
        <translation>Das Verzeichnis „%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Check its permissions (system schedules need root).</source>
        <translation>Seine Berechtigungen prüfen (System-Zeitpläne brauchen root).</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check the directory&apos;s permissions and free space.</source>
        <translation>Berechtigungen und freien Platz des Verzeichnisses prüfen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: the file name cannot name a schedule</source>
        <translation>„%1“: der Dateiname taugt nicht als Name eines Zeitplans</translation>
    </message>
    <message>
        <source>Rename it to letters, digits, &apos;-&apos; and &apos;_&apos; followed by .toml.</source>
        <translation>Die Datei umbenennen: Buchstaben, Ziffern, „-“ und „_“, gefolgt von .toml.</translation>
    </message>
    <message>
        <source>There is no schedule &apos;%1&apos; in %2</source>
        <translation>In %2 gibt es keinen Zeitplan „%1“</translation>
    </message>
    <message>
        <source>See the schedules with: tidemark-cli schedule list%1</source>
        <translation>Die Zeitpläne anzeigen mit: tidemark-cli schedule list%1</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot remove &apos;%1&apos;</source>
        <translation>„%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>Check the directory&apos;s permissions (system schedules need root).</source>
        <translation>Die Berechtigungen des Verzeichnisses prüfen (System-Zeitpläne brauchen root).</translation>
    </message>
</context>
<context>
    <name>ScheduleWhen</name>
    <message>
        <source>%1 takes a time of day as HH:MM (00:00 to 23:59), not &apos;%2&apos;</source>
        <translation>%1 erwartet eine Uhrzeit als HH:MM (00:00 bis 23:59), nicht „%2“</translation>
    </message>
    <message>
        <source>For example: %1 02:30</source>
        <translation>Zum Beispiel: %1 02:30</translation>
    </message>
    <message>
        <source>systemd-analyze is not installed: calendar expressions cannot be read</source>
        <translation>systemd-analyze ist nicht installiert: Kalenderausdrücke lassen sich nicht lesen</translation>
    </message>
    <message>
        <source>Install the Debian package systemd, or use every, daily or weekly.</source>
        <translation>Das Debian-Paket systemd installieren oder every, daily oder weekly verwenden.</translation>
    </message>
    <message>
        <source>systemd-analyze did not answer within 10 s</source>
        <translation>systemd-analyze hat nicht binnen 10 s geantwortet</translation>
    </message>
    <message>
        <source>every takes a number of hours from 1 to 24, like 6h, not &apos;%1&apos;</source>
        <translation>every erwartet eine Stundenzahl von 1 bis 24, etwa 6h, nicht „%1“</translation>
    </message>
    <message>
        <source>Runs start at midnight and then every N hours (every 6h: 00:00, 06:00, 12:00, 18:00); for other times use daily, weekly or a calendar expression.</source>
        <translation>Läufe beginnen um Mitternacht und dann alle N Stunden (every 6h: 00:00, 06:00, 12:00, 18:00); für andere Zeiten daily, weekly oder einen Kalenderausdruck verwenden.</translation>
    </message>
    <message>
        <source>weekly takes a day and a time, like &apos;Sun 03:00&apos;, not &apos;%1&apos;</source>
        <translation>weekly erwartet einen Tag und eine Uhrzeit, etwa „Sun 03:00“, nicht „%1“</translation>
    </message>
    <message>
        <source>Days: Mon, Tue, Wed, Thu, Fri, Sat, Sun.</source>
        <translation>Tage: Mon, Tue, Wed, Thu, Fri, Sat, Sun.</translation>
    </message>
    <message>
        <source>calendar takes a systemd calendar expression, like &apos;Mon..Fri 02:00&apos;</source>
        <translation>calendar erwartet einen systemd-Kalenderausdruck, etwa „Mon..Fri 02:00“</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a calendar expression systemd reads: %2</source>
        <translation>„%1“ ist kein Kalenderausdruck, den systemd lesen kann: %2</translation>
    </message>
    <message>
        <source>See man 7 systemd.time (CALENDAR EVENTS), e.g. &apos;Mon..Fri *-*-* 02:00&apos; or &apos;daily&apos;.</source>
        <translation>Siehe man 7 systemd.time (CALENDAR EVENTS), z. B. „Mon..Fri *-*-* 02:00“ oder „daily“.</translation>
    </message>
    <message>
        <source>every %1 h</source>
        <translation>alle %1 h</translation>
    </message>
    <message>
        <source>daily at %1</source>
        <translation>täglich um %1</translation>
    </message>
    <message>
        <source>weekly on %1 at %2</source>
        <translation>wöchentlich am %1 um %2</translation>
    </message>
    <message>
        <source>%1 (calendar)</source>
        <translation>%1 (Kalender)</translation>
    </message>
    <message>
        <source>The calendar expression &apos;%1&apos; has no run after %2</source>
        <translation>Der Kalenderausdruck „%1“ hat nach %2 keinen Lauf mehr</translation>
    </message>
    <message>
        <source>Check it with: systemd-analyze calendar &apos;%1&apos;</source>
        <translation>Prüfen mit: systemd-analyze calendar &apos;%1&apos;</translation>
    </message>
    <message>
        <source>No run found after %1</source>
        <translation>Nach %1 wurde kein Lauf gefunden</translation>
    </message>
    <message>
        <source>%1 takes a duration like 90s, 5m, 26h or 2d, not &apos;%2&apos;</source>
        <translation>%1 erwartet eine Dauer wie 90s, 5m, 26h oder 2d, nicht „%2“</translation>
    </message>
</context>
<context>
    <name>ScratchFile</name>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free space where the chain&apos;s scratch directory is.</source>
        <translation>Freien Platz dort prüfen, wo das temporäre Verzeichnis der Kette liegt.</translation>
    </message>
</context>
<context>
    <name>ScratchNode</name>
    <message>
        <source>Restore drill of %1</source>
        <translation>Wiederherstellungsprobe von %1</translation>
    </message>
    <message>
        <source>Restore drill of &apos;%1&apos; cancelled</source>
        <translation>Wiederherstellungsprobe von „%1“ abgebrochen</translation>
    </message>
    <message>
        <source>reading what %1 holds</source>
        <translation>liest, was %1 enthält</translation>
    </message>
    <message>
        <source>The chain holds no copy of shard %1, which the meta store of %2 names</source>
        <translation>Die Kette enthält keine Kopie von Shard %1, den der Meta-Store von %2 nennt</translation>
    </message>
    <message>
        <source>A restore of this link would miss that data: drill an earlier link with --upto, or take a new full backup.</source>
        <translation>Einer Wiederherstellung dieses Glieds würden diese Daten fehlen: die Wiederherstellungsprobe mit --upto an einem früheren Glied durchführen oder eine neue Vollsicherung anlegen.</translation>
    </message>
    <message>
        <source>making a scratch %1</source>
        <translation>legt ein temporäres %1 an</translation>
    </message>
    <message>
        <source>Not enough room for the drill in %1: the restore writes %2 bytes, %3 are free</source>
        <translation>Nicht genug Platz für die Wiederherstellungsprobe in %1: die Wiederherstellung schreibt %2 Bytes, frei sind %3</translation>
    </message>
    <message>
        <source>Give a scratch location with at least %1 MiB free: --scratch DIR.</source>
        <translation>Einen temporären Ort mit mindestens %1 MiB freiem Platz angeben: --scratch DIR.</translation>
    </message>
    <message>
        <source>inspecting the restored files</source>
        <translation>untersucht die wiederhergestellten Dateien</translation>
    </message>
    <message>
        <source>starting %1 on %2</source>
        <translation>startet %1 auf %2</translation>
    </message>
    <message>
        <source>Shard %1 restored holds index %2, but the manifest recorded %3 at backup time</source>
        <translation>Der wiederhergestellte Shard %1 hat Index %2, laut Manifest waren es zum Zeitpunkt der Sicherung %3</translation>
    </message>
    <message>
        <source>%1 reported %2 error(s) while serving the restored files:
%3</source>
        <translation>%1 meldete %2 Fehler beim Bereitstellen der wiederhergestellten Dateien:
%3</translation>
    </message>
    <message>
        <source>Its data may be lost on a restore: restore from another chain, or drill an earlier link with --upto.</source>
        <translation>Seine Daten könnten bei einer Wiederherstellung verloren gehen: aus einer anderen Kette wiederherstellen oder die Wiederherstellungsprobe mit --upto an einem früheren Glied durchführen.</translation>
    </message>
    <message>
        <source>checking every database and shard on the scratch node</source>
        <translation>prüft jede Datenbank und jeden Shard auf dem temporären Knoten</translation>
    </message>
    <message>
        <source>The scratch node&apos;s snapshot service at %1 does not answer: %2</source>
        <translation>Der Snapshot-Dienst des temporären Knotens unter %1 antwortet nicht: %2</translation>
    </message>
    <message>
        <source>%1 is missing on the node started from %2</source>
        <translation>%1 fehlt auf dem aus %2 gestarteten Knoten</translation>
    </message>
    <message>
        <source>The chain does not restore whole: restore from another chain, or drill an earlier link with --upto.</source>
        <translation>Die Kette lässt sich nicht vollständig wiederherstellen: aus einer anderen Kette wiederherstellen oder die Wiederherstellungsprobe mit --upto an einem früheren Glied durchführen.</translation>
    </message>
    <message>
        <source>Database %1</source>
        <translation>Datenbank %1</translation>
    </message>
    <message>
        <source>Shard %1</source>
        <translation>Shard %1</translation>
    </message>
    <message>
        <source>The scratch node serves shard %1 at index %2, but the manifest recorded %3</source>
        <translation>Der temporäre Knoten stellt Shard %1 mit Index %2 bereit, laut Manifest aber %3</translation>
    </message>
    <message>
        <source>comparing the content digest beside the running node</source>
        <translation>vergleicht den Inhalts-Digest mit dem laufenden Knoten</translation>
    </message>
    <message>
        <source>The content digest of database %1 is %2 on the running node, %3 in the restored files</source>
        <translation>Der Inhalts-Digest der Datenbank %1 ist %2 auf dem laufenden Knoten, %3 in den wiederhergestellten Dateien</translation>
    </message>
    <message>
        <source>The content digest is %1 on the running node, %2 in the restored files</source>
        <translation>Der Inhalts-Digest ist %1 auf dem laufenden Knoten, %2 in den wiederhergestellten Dateien</translation>
    </message>
    <message>
        <source>stopping the scratch node</source>
        <translation>stoppt den temporären Knoten</translation>
    </message>
    <message>
        <source>%1 did not stop cleanly (exit code %2):
%3</source>
        <translation>%1 wurde nicht sauber beendet (Exit-Code %2):
%3</translation>
    </message>
    <message>
        <source>%1=%2 is not an executable program.</source>
        <translation>%1=%2 ist kein ausführbares Programm.</translation>
    </message>
    <message>
        <source>Point %1 at the %2 program, or unset it to use the one on PATH.</source>
        <translation>%1 auf das Programm %2 setzen oder die Variable entfernen, um das aus PATH zu verwenden.</translation>
    </message>
    <message>
        <source>%1 was not found (needed to run a scratch %2).</source>
        <translation>%1 wurde nicht gefunden (wird für ein temporäres %2 gebraucht).</translation>
    </message>
    <message>
        <source>Install it (Debian: apt install %1) or set %2 to its path.</source>
        <translation>Es installieren (Debian: apt install %1) oder %2 auf seinen Pfad setzen.</translation>
    </message>
    <message>
        <source>The scratch location %1 is not a directory.</source>
        <translation>Der temporäre Ort %1 ist kein Verzeichnis.</translation>
    </message>
    <message>
        <source>Create it, or give another with --scratch DIR.</source>
        <translation>Ihn anlegen oder mit --scratch DIR einen anderen angeben.</translation>
    </message>
    <message>
        <source>Cannot create a scratch directory in %1: %2</source>
        <translation>In %1 kann kein temporäres Verzeichnis angelegt werden: %2</translation>
    </message>
    <message>
        <source>Give a directory you can write with --scratch DIR.</source>
        <translation>Mit --scratch DIR ein Verzeichnis angeben, in das Sie schreiben können.</translation>
    </message>
    <message>
        <source>Cannot lock the scratch directory %1</source>
        <translation>Das temporäre Verzeichnis %1 kann nicht gesperrt werden</translation>
    </message>
    <message>
        <source>No free loopback port for a scratch node: %1</source>
        <translation>Kein freier Loopback-Port für einen temporären Knoten: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>The node&apos;s log is %1/node.log (keep it with --keep).</source>
        <translation>Das Protokoll des Knotens ist %1/node.log (mit --keep aufbewahren).</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>%1 crashed while starting on the restored files</source>
        <translation>%1 ist beim Start auf den wiederhergestellten Dateien abgestürzt</translation>
    </message>
    <message>
        <source>%1 exited with code %2 while starting on the restored files</source>
        <translation>%1 wurde beim Start auf den wiederhergestellten Dateien mit Exit-Code %2 beendet</translation>
    </message>
    <message>
        <source>%1 did not answer on %2 within %3 s</source>
        <translation>%1 hat auf %2 nicht innerhalb von %3 s geantwortet</translation>
    </message>
    <message>
        <source>%1 has no content inspection</source>
        <translation>%1 hat keine Inhaltsprüfung</translation>
    </message>
    <message>
        <source>%1 %2 did not finish within %3 s</source>
        <translation>%1 %2 wurde nicht innerhalb von %3 s fertig</translation>
    </message>
    <message>
        <source>%1 %2 failed on the restored files: %3</source>
        <translation>%1 %2 ist auf den wiederhergestellten Dateien fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>The scratch node at %1 does not answer: %2</source>
        <translation>Der temporäre Knoten unter %1 antwortet nicht: %2</translation>
    </message>
    <message>
        <source>The scratch node at %1 did not answer %2 within %3 s</source>
        <translation>Der temporäre Knoten unter %1 hat auf %2 nicht innerhalb von %3 s geantwortet</translation>
    </message>
    <message>
        <source>The scratch node at %1 sent no HTTP answer to %2.</source>
        <translation>Der temporäre Knoten unter %1 hat auf %2 keine HTTP-Antwort gesendet.</translation>
    </message>
    <message>
        <source>The scratch node at %1 sent a broken chunked answer to %2.</source>
        <translation>Der temporäre Knoten unter %1 hat auf %2 eine fehlerhafte chunked-Antwort gesendet.</translation>
    </message>
    <message>
        <source>The scratch node answered &quot;%1&quot; with %2: %3</source>
        <translation>Der temporäre Knoten hat auf „%1“ mit %2 geantwortet: %3</translation>
    </message>
    <message>
        <source>Database %1 of the scratch node answered &quot;%2&quot; with %3: %4</source>
        <translation>Datenbank %1 des temporären Knotens hat auf „%2“ mit %3 geantwortet: %4</translation>
    </message>
</context>
<context>
    <name>ShardStore</name>
    <message>
        <source>Shard &apos;%1&apos; holds a malformed point</source>
        <translation>Shard „%1“ enthält einen fehlerhaften Punkt</translation>
    </message>
    <message>
        <source>Restore the node from a backup.</source>
        <translation>Den Knoten aus einer Sicherung wiederherstellen.</translation>
    </message>
    <message>
        <source>Cannot read from</source>
        <translation>Fehler beim Lesen aus</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an LMDB shard: %2</source>
        <translation>„%1“ ist kein LMDB-Shard: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a shard: it lacks the tables &apos;points&apos; and &apos;meta&apos;</source>
        <translation>„%1“ ist kein Shard: ihm fehlen die Tabellen „points“ und „meta“</translation>
    </message>
</context>
<context>
    <name>ShardTar</name>
    <message>
        <source>%1: shard %2, entry &apos;%3&apos;: %4</source>
        <translation>%1: Shard %2, Eintrag „%3“: %4</translation>
    </message>
    <message>
        <source>This link of the chain is damaged or was not made from an InfluxDB 1.x node; take a new full backup.</source>
        <translation>Dieses Glied der Kette ist beschädigt oder stammt nicht von einem InfluxDB-1.x-Knoten; eine neue Vollsicherung anlegen.</translation>
    </message>
    <message>
        <source>%1: shard %2 is not a tar archive: %3</source>
        <translation>%1: Shard %2 ist kein tar-Archiv: %3</translation>
    </message>
    <message>
        <source>%1: shard %2: %3</source>
        <translation>%1: Shard %2: %3</translation>
    </message>
    <message>
        <source>is not a regular file</source>
        <translation>ist keine reguläre Datei</translation>
    </message>
    <message>
        <source>is not named db/rp/%1/file</source>
        <translation>hat nicht die Form db/rp/%1/file</translation>
    </message>
    <message>
        <source>belongs to shard %1</source>
        <translation>gehört zu Shard %1</translation>
    </message>
    <message>
        <source>is not in %1/%2 like the entries before it</source>
        <translation>liegt nicht wie die Einträge davor in %1/%2</translation>
    </message>
    <message>
        <source>is neither TSM data (.tsm) nor a tombstone (.tombstone)</source>
        <translation>ist weder TSM-Daten (.tsm) noch ein Tombstone (.tombstone)</translation>
    </message>
    <message>
        <source>is a duplicate entry</source>
        <translation>ist ein doppelter Eintrag</translation>
    </message>
    <message>
        <source>Cannot create &apos;%1&apos;</source>
        <translation>„%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free space and permissions.</source>
        <translation>Freien Platz und Berechtigungen prüfen.</translation>
    </message>
    <message>
        <source>reading its content: %1</source>
        <translation>beim Lesen des Inhalts: %1</translation>
    </message>
    <message>
        <source>does not start with the TSM magic and version 1</source>
        <translation>beginnt nicht mit der TSM-Magic und Version 1</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>ist leer</translation>
    </message>
    <message>
        <source>Cannot sync &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht synchronisiert werden: %2</translation>
    </message>
    <message>
        <source>Cannot write a shard tar (%1): %2</source>
        <translation>Ein Shard-tar kann nicht geschrieben werden (%1): %2</translation>
    </message>
    <message>
        <source>a file&apos;s content</source>
        <translation>Inhalt einer Datei</translation>
    </message>
    <message>
        <source>its end</source>
        <translation>sein Ende</translation>
    </message>
</context>
<context>
    <name>SnapshotClient</name>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>Keine Verbindung zu %1: %2</translation>
    </message>
    <message>
        <source>Check that tidemarkd runs there and that [snapshot] bind-address is reachable from here (it is loopback-only by default).</source>
        <translation>Prüfen, ob tidemarkd dort läuft und [snapshot] bind-address von hier erreichbar ist (standardmäßig nur über Loopback).</translation>
    </message>
    <message>
        <source>TLS is not available: Qt has no TLS backend here</source>
        <translation>TLS ist nicht verfügbar: Qt hat hier kein TLS-Backend</translation>
    </message>
    <message>
        <source>Install Qt&apos;s OpenSSL TLS plugin (Debian: libqt6network6 and libssl3).</source>
        <translation>Das OpenSSL-TLS-Plugin von Qt installieren (Debian: libqt6network6 und libssl3).</translation>
    </message>
    <message>
        <source>Cannot read CA certificates from &apos;%1&apos;</source>
        <translation>CA-Zertifikate aus „%1“ können nicht gelesen werden</translation>
    </message>
    <message>
        <source>--tls-ca takes a readable PEM file: the node&apos;s certificate or the CA that signed it.</source>
        <translation>--tls-ca erwartet eine lesbare PEM-Datei: das Zertifikat des Knotens oder das der CA, die es signiert hat.</translation>
    </message>
    <message>
        <source>The TLS certificate of %1 failed verification: %2</source>
        <translation>Das TLS-Zertifikat von %1 hat die Prüfung nicht bestanden: %2</translation>
    </message>
    <message>
        <source>Trust the node&apos;s certificate or its CA with --tls-ca FILE, and connect with a host name or address that the certificate names (subject alternative name).</source>
        <translation>Dem Zertifikat des Knotens oder seiner CA mit --tls-ca FILE vertrauen und mit einem Hostnamen oder einer Adresse verbinden, die das Zertifikat nennt (Subject Alternative Name).</translation>
    </message>
    <message>
        <source>TLS handshake with %1 failed: %2</source>
        <translation>TLS-Handshake mit %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>The node may not use TLS: drop --tls, or set [snapshot] tls-cert and tls-key in its config.</source>
        <translation>Der Knoten verwendet vielleicht kein TLS: --tls weglassen oder [snapshot] tls-cert und tls-key in seiner Konfiguration setzen.</translation>
    </message>
    <message>
        <source>TLS handshake with %1 did not finish: %2</source>
        <translation>TLS-Handshake mit %1 wurde nicht abgeschlossen: %2</translation>
    </message>
    <message>
        <source>The node may be busy (too many connections); try again later.</source>
        <translation>Der Knoten ist vielleicht ausgelastet (zu viele Verbindungen); später erneut versuchen.</translation>
    </message>
    <message>
        <source>%1 did not greet with a hello frame</source>
        <translation>%1 hat nicht mit einem Hello-Frame begrüßt</translation>
    </message>
    <message>
        <source>Is this the snapshot port of a tidemarkd node (default 8808)?</source>
        <translation>Ist das der Snapshot-Port eines tidemarkd-Knotens (standardmäßig 8808)?</translation>
    </message>
    <message>
        <source>%1 answered %2: %3</source>
        <translation>%1 hat mit %2 geantwortet: %3</translation>
    </message>
    <message>
        <source>Pass the node&apos;s [snapshot] auth-token with --token-file FILE.</source>
        <translation>[snapshot] auth-token des Knotens mit --token-file FILE übergeben.</translation>
    </message>
    <message>
        <source>Set [snapshot] enabled = true in the node&apos;s config and restart it.</source>
        <translation>In der Konfiguration des Knotens [snapshot] enabled = true setzen und ihn neu starten.</translation>
    </message>
    <message>
        <source>Other snapshots are running; try again when they finish.</source>
        <translation>Andere Snapshots laufen; erneut versuchen, wenn sie fertig sind.</translation>
    </message>
    <message>
        <source>%1 requires an auth token</source>
        <translation>%1 verlangt ein Anmelde-Token</translation>
    </message>
    <message>
        <source>%1 sent an unexpected frame instead of a response</source>
        <translation>%1 hat statt einer Antwort einen unerwarteten Frame gesendet</translation>
    </message>
    <message>
        <source>%1 sent an unexpected frame inside the archive stream</source>
        <translation>%1 hat im Archivstrom einen unerwarteten Frame gesendet</translation>
    </message>
    <message>
        <source>%1 ended the snapshot with %2: %3</source>
        <translation>%1 hat den Snapshot mit %2 beendet: %3</translation>
    </message>
    <message>
        <source>See the node&apos;s log; the backup chain was left as it was.</source>
        <translation>Das Protokoll des Knotens lesen; die Sicherungskette blieb, wie sie war.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Restore under another name with --as NEWNAME, or choose --on-conflict skip or replace.</source>
        <translation>Unter einem anderen Namen mit --as NEWNAME wiederherstellen, oder --on-conflict skip oder replace wählen.</translation>
    </message>
    <message>
        <source>%1 refused the import: %2</source>
        <translation>%1 hat den Import abgelehnt: %2</translation>
    </message>
    <message>
        <source>Nothing of the import became visible on the node.</source>
        <translation>Vom Import wurde nichts auf dem Knoten sichtbar.</translation>
    </message>
    <message>
        <source>%1 sent an unexpected frame at the end of an import</source>
        <translation>%1 hat am Ende eines Imports einen unerwarteten Frame gesendet</translation>
    </message>
</context>
<context>
    <name>StagedFile</name>
    <message>
        <source>Cannot create &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht angelegt werden: %2</translation>
    </message>
    <message>
        <source>Cannot sync &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht synchronisiert werden: %2</translation>
    </message>
    <message>
        <source>Cannot rename &apos;%1&apos; to &apos;%2&apos;: %3</source>
        <translation>„%1“ kann nicht in „%2“ umbenannt werden: %3</translation>
    </message>
</context>
<context>
    <name>Staging</name>
    <message>
        <source>Cannot open directory &apos;%1&apos; to sync it: %2</source>
        <translation>Verzeichnis „%1“ kann zum Synchronisieren nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot sync directory &apos;%1&apos;: %2</source>
        <translation>Verzeichnis „%1“ kann nicht synchronisiert werden: %2</translation>
    </message>
</context>
<context>
    <name>StagingDir</name>
    <message>
        <source>Cannot create the staging directory &apos;%1&apos;</source>
        <translation>Das Zwischenverzeichnis „%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Check free space and permissions of &apos;%1&apos;.</source>
        <translation>Freien Platz und Berechtigungen von „%1“ prüfen.</translation>
    </message>
    <message>
        <source>Cannot rename &apos;%1&apos; to &apos;%2&apos;: %3</source>
        <translation>„%1“ kann nicht in „%2“ umbenannt werden: %3</translation>
    </message>
</context>
<context>
    <name>SystemdUnits</name>
    <message>
        <source>Cannot write the unit &apos;%1&apos;: %2</source>
        <translation>Die Unit „%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>System schedules need root; a user&apos;s need a writable ~/.config.</source>
        <translation>System-Zeitpläne brauchen root, die eines Benutzers ein beschreibbares ~/.config.</translation>
    </message>
    <message>
        <source>Cannot create the unit directory &apos;%1&apos;</source>
        <translation>Das Unit-Verzeichnis „%1“ kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot remove the unit &apos;%1&apos;</source>
        <translation>Die Unit „%1“ kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>System schedules need root.</source>
        <translation>System-Zeitpläne brauchen root.</translation>
    </message>
    <message>
        <source>systemctl daemon-reload failed: %1</source>
        <translation>systemctl daemon-reload ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Run it yourself, then: systemctl%1 list-timers &apos;tidemark-*&apos;</source>
        <translation>Selbst ausführen, dann: systemctl%1 list-timers &apos;tidemark-*&apos;</translation>
    </message>
    <message>
        <source>systemctl %1 --now %2 failed: %3</source>
        <translation>systemctl %1 --now %2 ist fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>The units are written; see: systemctl%1 status %2</source>
        <translation>Die Units sind geschrieben; siehe: systemctl%1 status %2</translation>
    </message>
</context>
<context>
    <name>TidemarkContents</name>
    <message>
        <source>%1: the meta store: %2</source>
        <translation>%1: der Meta-Store: %2</translation>
    </message>
    <message>
        <source>%1: shard %2: %3</source>
        <translation>%1: Shard %2: %3</translation>
    </message>
</context>
<context>
    <name>TidemarkKind</name>
    <message>
        <source>Tidemark node</source>
        <translation>Tidemark-Knoten</translation>
    </message>
    <message>
        <source>Tidemark</source>
        <translation>Tidemark</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>verbindet mit %1</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos;: %3</source>
        <translation>%1 „%2“: %3</translation>
    </message>
    <message>
        <source>Cannot write</source>
        <translation>Fehler beim Schreiben von</translation>
    </message>
    <message>
        <source>Check free space and permissions of the backup directory.</source>
        <translation>Freien Platz und Berechtigungen des Sicherungsverzeichnisses prüfen.</translation>
    </message>
    <message>
        <source>receiving %1 files into %2</source>
        <translation>empfängt %1 Dateien nach %2</translation>
    </message>
    <message>
        <source>the stream from %1</source>
        <translation>Datenstrom von %1</translation>
    </message>
    <message>
        <source>The node&apos;s manifest does not match what it announced for &apos;%1&apos;</source>
        <translation>Das Manifest des Knotens passt nicht zu dem, was er für „%1“ angekündigt hat</translation>
    </message>
    <message>
        <source>syncing %1</source>
        <translation>synchronisiert %1</translation>
    </message>
    <message>
        <source>Node config file:</source>
        <translation>Konfigurationsdatei des Knotens:</translation>
    </message>
    <message>
        <source>Give the node&apos;s config file (the one tidemarkd runs with: tidemarkd -config FILE).</source>
        <translation>Die Konfigurationsdatei des Knotens angeben (die, mit der tidemarkd läuft: tidemarkd -config DATEI).</translation>
    </message>
    <message>
        <source>Its config names the [broker] and [data] directories that are replaced. Every check runs before anything is touched.</source>
        <translation>Seine Konfiguration nennt die Verzeichnisse [broker] und [data], die ersetzt werden. Alle Prüfungen laufen, bevor etwas angefasst wird.</translation>
    </message>
    <message>
        <source>%1 is an older tidemarkd: it ignores the compression level and threads and compresses with zstd at level 3 on one thread</source>
        <translation>%1 ist ein älterer tidemarkd: er ignoriert Kompressionsstufe und Threads und komprimiert mit zstd auf Stufe 3 in einem Thread</translation>
    </message>
    <message>
        <source>asking %1 for a snapshot</source>
        <translation>bitte %1 um einen Snapshot</translation>
    </message>
</context>
<context>
    <name>TidemarkOnlineImporter</name>
    <message>
        <source>Restore cancelled; nothing changed on the node</source>
        <translation>Wiederherstellung abgebrochen; auf dem Knoten hat sich nichts geändert</translation>
    </message>
    <message>
        <source>%1 ended before the files asked of it</source>
        <translation>%1 endete vor den angeforderten Dateien</translation>
    </message>
    <message>
        <source>%1: expected &apos;%2&apos; next in the archive</source>
        <translation>%1: als Nächstes im Archiv wurde „%2“ erwartet</translation>
    </message>
    <message>
        <source>There is no backup at &apos;%1&apos;</source>
        <translation>Unter „%1“ gibt es keine Sicherung</translation>
    </message>
    <message>
        <source>The chain at &apos;%1&apos; holds no meta store</source>
        <translation>Die Kette unter „%1“ enthält keinen Meta-Store</translation>
    </message>
    <message>
        <source>Run `tidemark-cli verify` on the chain.</source>
        <translation>`tidemark-cli verify` für die Kette ausführen.</translation>
    </message>
    <message>
        <source>Cannot create a scratch directory in &apos;%1&apos;</source>
        <translation>In „%1“ kann kein temporäres Verzeichnis angelegt werden</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>reading the meta store from %1</source>
        <translation>liest den Meta-Store aus %1</translation>
    </message>
    <message>
        <source>The chain at &apos;%1&apos; holds no database &quot;%2&quot;</source>
        <translation>Die Kette unter „%1“ enthält keine Datenbank „%2“</translation>
    </message>
    <message>
        <source>Its databases: %1.</source>
        <translation>Ihre Datenbanken: %1.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Database &quot;%1&quot; in the chain has no retention policy &quot;%2&quot;</source>
        <translation>Datenbank „%1“ in der Kette hat keine Retention Policy „%2“</translation>
    </message>
    <message>
        <source>Its retention policies: %1.</source>
        <translation>Ihre Retention Policies: %1.</translation>
    </message>
    <message>
        <source>Database &quot;%1&quot;%2 in the chain has no shard %3</source>
        <translation>Datenbank „%1“%2 in der Kette hat keinen Shard %3</translation>
    </message>
    <message>
        <source>, retention policy &quot;%1&quot;,</source>
        <translation>, Retention Policy „%1“,</translation>
    </message>
    <message>
        <source>List its shards with: tidemark-cli ls %1 %2</source>
        <translation>Ihre Shards auflisten mit: tidemark-cli ls %1 %2</translation>
    </message>
    <message>
        <source>asking %1 what it holds</source>
        <translation>fragt %1, was er enthält</translation>
    </message>
    <message>
        <source>Node %1 has its snapshot service disabled ([snapshot] enabled = false), which an online restore needs</source>
        <translation>Knoten %1 hat seinen Snapshot-Dienst abgeschaltet ([snapshot] enabled = false), den eine Online-Wiederherstellung braucht</translation>
    </message>
    <message>
        <source>Set [snapshot] enabled = true in the node&apos;s config and restart it.</source>
        <translation>In der Konfiguration des Knotens [snapshot] enabled = true setzen und ihn neu starten.</translation>
    </message>
    <message>
        <source>shard %1 (%2 %3 to %4)</source>
        <translation>Shard %1 (%2 %3 bis %4)</translation>
    </message>
    <message>
        <source>the node has shard %1 of this time range</source>
        <translation>der Knoten hat Shard %1 dieses Zeitraums</translation>
    </message>
    <message>
        <source>replaces the node&apos;s shard %1</source>
        <translation>ersetzt Shard %1 des Knotens</translation>
    </message>
    <message>
        <source>Database &quot;%1&quot; exists on node %2</source>
        <translation>Datenbank „%1“ existiert auf Knoten %2</translation>
    </message>
    <message>
        <source>Database &quot;%1&quot; exists on node %2, with %3</source>
        <translation>Datenbank „%1“ existiert auf Knoten %2, mit %3</translation>
    </message>
    <message>
        <source>Restore under another name with --as NEWNAME, or choose --on-conflict skip (keep the node&apos;s shards) or --on-conflict replace (the chain&apos;s replace them).</source>
        <translation>Unter einem anderen Namen mit --as NEWNAME wiederherstellen, oder --on-conflict skip (die Shards des Knotens behalten) oder --on-conflict replace (die der Kette ersetzen sie) wählen.</translation>
    </message>
    <message>
        <source>database &quot;%1&quot; exists on the node; policies it lacks are added</source>
        <translation>Datenbank „%1“ existiert auf dem Knoten; fehlende Policies werden hinzugefügt</translation>
    </message>
    <message>
        <source>database &quot;%1&quot; is created on the node</source>
        <translation>Datenbank „%1“ wird auf dem Knoten angelegt</translation>
    </message>
    <message>
        <source>the node gives the shards new ids and its next index, and makes them visible in one step</source>
        <translation>der Knoten gibt den Shards neue IDs und seinen nächsten Index und macht sie in einem Schritt sichtbar</translation>
    </message>
    <message>
        <source>The chain changed since the plan: shard %1 is new</source>
        <translation>Die Kette hat sich seit dem Plan geändert: Shard %1 ist neu</translation>
    </message>
    <message>
        <source>Run the restore again.</source>
        <translation>Die Wiederherstellung erneut ausführen.</translation>
    </message>
    <message>
        <source>reading the checksums of %1</source>
        <translation>liest die Prüfsummen von %1</translation>
    </message>
    <message>
        <source>%1 has no checksum for &apos;%2&apos;</source>
        <translation>%1 hat keine Prüfsumme für „%2“</translation>
    </message>
    <message>
        <source>%1 does not hold the shards the chain lists in it</source>
        <translation>%1 enthält nicht die Shards, die die Kette darin aufführt</translation>
    </message>
    <message>
        <source>nothing to import: the node has every shard</source>
        <translation>nichts zu importieren: der Knoten hat jeden Shard</translation>
    </message>
    <message>
        <source>connecting to %1</source>
        <translation>verbindet mit %1</translation>
    </message>
    <message>
        <source>sending %1 shards from %2 to %3</source>
        <translation>sendet %1 Shards von %2 an %3</translation>
    </message>
    <message>
        <source>%1 checks and commits the import</source>
        <translation>%1 prüft den Import und schreibt ihn fest</translation>
    </message>
    <message>
        <source>imported %1 shards into database &quot;%2&quot; at index %3</source>
        <translation>%1 Shards in Datenbank „%2“ bei Index %3 importiert</translation>
    </message>
    <message>
        <source>rebuilding %1 from %2 block links and sending it to %3</source>
        <translation>baut %1 aus %2 Block-Gliedern neu auf und sendet es an %3</translation>
    </message>
</context>
<context>
    <name>TidemarkPoints</name>
    <message>
        <source>%1: shard %2 holds a malformed %3</source>
        <translation>%1: Shard %2 enthält einen fehlerhaften %3</translation>
    </message>
    <message>
        <source>Run `tidemark-cli verify` on the chain.</source>
        <translation>`tidemark-cli verify` für die Kette ausführen.</translation>
    </message>
    <message>
        <source>series key</source>
        <translation>Serienschlüssel</translation>
    </message>
    <message>
        <source>point</source>
        <translation>Punkt</translation>
    </message>
    <message>
        <source>%1: shard %2: %3</source>
        <translation>%1: Shard %2: %3</translation>
    </message>
</context>
<context>
    <name>TsmBlocks</name>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>%1: the shard tar is damaged: %2</source>
        <translation>%1: das tar-Archiv des Shards ist beschädigt: %2</translation>
    </message>
    <message>
        <source>Back the shard up again; if it stays damaged, check the node&apos;s data directory.</source>
        <translation>Den Shard erneut sichern; bleibt er beschädigt, das Datenverzeichnis des Knotens prüfen.</translation>
    </message>
    <message>
        <source>%1: the block map&apos;s secret is too short</source>
        <translation>%1: das Geheimnis der Blockkarte ist zu kurz</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>it ends without its end blocks at byte %1</source>
        <translation>es endet bei Byte %1 ohne seine Endblöcke</translation>
    </message>
    <message>
        <source>the tar header at byte %1 has a wrong checksum</source>
        <translation>der tar-Kopf bei Byte %1 hat eine falsche Prüfsumme</translation>
    </message>
    <message>
        <source>the tar header at byte %1 has no valid size</source>
        <translation>der tar-Kopf bei Byte %1 hat keine gültige Größe</translation>
    </message>
    <message>
        <source>the entry at byte %1 runs past the end of the tar</source>
        <translation>der Eintrag bei Byte %1 reicht über das Ende des tar-Archivs hinaus</translation>
    </message>
    <message>
        <source>the extended header at byte %1 is too large</source>
        <translation>der erweiterte Kopf bei Byte %1 ist zu groß</translation>
    </message>
    <message>
        <source>the pax header at byte %1 is malformed</source>
        <translation>der pax-Kopf bei Byte %1 ist fehlerhaft</translation>
    </message>
    <message>
        <source>the pax header at byte %1 has a bad size</source>
        <translation>der pax-Kopf bei Byte %1 hat eine ungültige Größe</translation>
    </message>
    <message>
        <source>Out of memory</source>
        <translation>Nicht genügend Arbeitsspeicher</translation>
    </message>
    <message>
        <source>a block of a TSM file lies past the end of the tar</source>
        <translation>ein Block einer TSM-Datei liegt hinter dem Ende des tar-Archivs</translation>
    </message>
</context>
<context>
    <name>TsmIndex</name>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1: the TSM file&apos;s index is damaged: %2</source>
        <translation>%1: der Index der TSM-Datei ist beschädigt: %2</translation>
    </message>
    <message>
        <source>This link of the chain is damaged: run `tidemark-cli verify` on the chain.</source>
        <translation>Dieses Glied der Kette ist beschädigt: `tidemark-cli verify` für die Kette ausführen.</translation>
    </message>
    <message numerus="yes">
        <source>the file has %n byte(s)</source>
        <translation>
            <numerusform>die Datei hat %n Byte</numerusform>
            <numerusform>die Datei hat %n Bytes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: cannot read the TSM file: %2</source>
        <translation>%1: die TSM-Datei kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>it does not start with the TSM magic and version 1</source>
        <translation>die Datei beginnt nicht mit der TSM-Magic und Version 1</translation>
    </message>
    <message>
        <source>its footer points at byte %1 of %2</source>
        <translation>der Footer der Datei zeigt auf Byte %1 von %2</translation>
    </message>
    <message>
        <source>a key is empty</source>
        <translation>ein Schlüssel ist leer</translation>
    </message>
    <message>
        <source>it ends inside a key</source>
        <translation>er endet mitten in einem Schlüssel</translation>
    </message>
    <message>
        <source>key &apos;%1&apos; has the unknown type %2</source>
        <translation>Schlüssel „%1“ hat den unbekannten Typ %2</translation>
    </message>
    <message>
        <source>key &apos;%1&apos; has no block</source>
        <translation>Schlüssel „%1“ hat keinen Block</translation>
    </message>
    <message>
        <source>key &apos;%1&apos; is out of order</source>
        <translation>Schlüssel „%1“ steht an der falschen Stelle</translation>
    </message>
    <message>
        <source>it ends inside the blocks of key &apos;%1&apos;</source>
        <translation>er endet mitten in den Blöcken von Schlüssel „%1“</translation>
    </message>
    <message>
        <source>a block of key &apos;%1&apos; ends before it starts</source>
        <translation>ein Block von Schlüssel „%1“ endet, bevor er beginnt</translation>
    </message>
    <message>
        <source>a block of key &apos;%1&apos; lies outside the data</source>
        <translation>ein Block von Schlüssel „%1“ liegt außerhalb der Daten</translation>
    </message>
    <message>
        <source>it does not end at the footer</source>
        <translation>er endet nicht am Footer</translation>
    </message>
</context>
<context>
    <name>TsmMapCache</name>
    <message>
        <source>Cannot create the block map cache &apos;%1&apos;.</source>
        <translation>Der Zwischenspeicher für Blockkarten „%1“ kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>Check the permissions of the cache directory (XDG_CACHE_HOME).</source>
        <translation>Die Berechtigungen des Cache-Verzeichnisses (XDG_CACHE_HOME) prüfen.</translation>
    </message>
    <message>
        <source>Cannot write the block map &apos;%1&apos;: %2</source>
        <translation>Die Blockkarte „%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free space and permissions of the cache directory (XDG_CACHE_HOME).</source>
        <translation>Freien Platz und Berechtigungen des Cache-Verzeichnisses (XDG_CACHE_HOME) prüfen.</translation>
    </message>
</context>
<context>
    <name>TsmTombstones</name>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1: the tombstone file is damaged: %2</source>
        <translation>%1: die Tombstone-Datei ist beschädigt: %2</translation>
    </message>
    <message>
        <source>This link of the chain is damaged: run `tidemark-cli verify` on the chain.</source>
        <translation>Dieses Glied der Kette ist beschädigt: `tidemark-cli verify` für die Kette ausführen.</translation>
    </message>
    <message>
        <source>%1: cannot read the tombstone file: %2</source>
        <translation>%1: die Tombstone-Datei kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>a line is longer than any key</source>
        <translation>eine Zeile ist länger als jeder mögliche Schlüssel</translation>
    </message>
    <message>
        <source>it is not gzip-compressed after its header (%1)</source>
        <translation>sie ist nach ihrem Kopf nicht gzip-komprimiert (%1)</translation>
    </message>
    <message>
        <source>it ends inside an entry</source>
        <translation>sie endet mitten in einem Eintrag</translation>
    </message>
    <message>
        <source>a key has %1 bytes</source>
        <translation>ein Schlüssel hat %1 Bytes</translation>
    </message>
</context>
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
    <name>VerifyRecord</name>
    <message>
        <source>&apos;%1&apos; is not a verification record</source>
        <translation>„%1“ ist kein Prüfprotokoll</translation>
    </message>
    <message>
        <source>Run `tidemark-cli verify` on the chain again: it writes a new one.</source>
        <translation>`tidemark-cli verify` erneut für die Kette ausführen: es schreibt ein neues.</translation>
    </message>
</context>
<context>
    <name>Webhook</name>
    <message>
        <source>Webhook &apos;%1&apos; is not an http:// or https:// URL</source>
        <translation>Webhook „%1“ ist keine http://- oder https://-URL</translation>
    </message>
    <message>
        <source>Give the webhook&apos;s full URL, e.g. https://hooks.example/services/…</source>
        <translation>Die vollständige URL des Webhooks angeben, z. B. https://hooks.example/services/…</translation>
    </message>
    <message>
        <source>HTTP %1 %2</source>
        <translation>HTTP %1 %2</translation>
    </message>
    <message>
        <source>Webhook %1 refused the alert: %2</source>
        <translation>Webhook %1 hat die Warnung abgelehnt: %2</translation>
    </message>
    <message>
        <source>Check the webhook&apos;s token or credentials.</source>
        <translation>Token oder Zugangsdaten des Webhooks prüfen.</translation>
    </message>
    <message>
        <source>Check the webhook&apos;s URL; such an answer is not retried.</source>
        <translation>Die URL des Webhooks prüfen; nach einer solchen Antwort wird es nicht erneut versucht.</translation>
    </message>
    <message>
        <source>no answer within %1 ms</source>
        <translation>keine Antwort binnen %1 ms</translation>
    </message>
    <message numerus="yes">
        <source>Webhook %1 not delivered after %n tries: %2</source>
        <translation>
            <numerusform>Webhook %1 nach %n Versuch nicht zugestellt: %2</numerusform>
            <numerusform>Webhook %1 nach %n Versuchen nicht zugestellt: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Check that the webhook&apos;s service is up and can be reached from this machine.</source>
        <translation>Prüfen, ob der Dienst des Webhooks läuft und von diesem Rechner aus erreichbar ist.</translation>
    </message>
</context>
<context>
    <name>tidemark::BackupJob</name>
    <message>
        <source>Backup cancelled; the chain &apos;%1&apos; is unchanged</source>
        <translation>Sicherung abgebrochen; die Kette „%1“ ist unverändert</translation>
    </message>
    <message>
        <source>The chain &apos;%1&apos; holds snapshots of a node of kind &apos;%2&apos;, but this backup is of kind &apos;%3&apos;</source>
        <translation>Die Kette „%1“ enthält Snapshots eines Knotens der Art „%2“, diese Sicherung ist aber von der Art „%3“</translation>
    </message>
    <message>
        <source>Back up that node with --kind %1, or give a new PATH to start a chain of this node.</source>
        <translation>Den Knoten mit --kind %1 sichern oder einen neuen PATH angeben, um eine Kette dieses Knotens zu beginnen.</translation>
    </message>
    <message>
        <source>Backup of %1 into %2</source>
        <translation>Sicherung von %1 nach %2</translation>
    </message>
    <message>
        <source>The chain &apos;%1&apos; is not encrypted: a chain is encrypted from its full snapshot on, and mixing is refused</source>
        <translation>Die Kette „%1“ ist nicht verschlüsselt: eine Kette ist ab ihrem Vollabzug verschlüsselt, und Mischen wird abgelehnt</translation>
    </message>
    <message>
        <source>Leave out --encrypt to add to this chain, or give a new PATH to start an encrypted chain.</source>
        <translation>Lassen Sie --encrypt weg, um diese Kette fortzusetzen, oder geben Sie einen neuen PFAD für eine verschlüsselte Kette an.</translation>
    </message>
    <message>
        <source>making the chain&apos;s key</source>
        <translation>Schlüssel der Kette wird erzeugt</translation>
    </message>
    <message>
        <source>--encrypt needs a passphrase or key file for the new chain &apos;%1&apos;</source>
        <translation>--encrypt braucht eine Passphrase oder Schlüsseldatei für die neue Kette „%1“</translation>
    </message>
    <message>
        <source>Give --passphrase-file FILE or --key-file FILE, set TIDEMARK_PASSPHRASE_FILE, or pass a systemd credential named tidemark-passphrase.</source>
        <translation>Geben Sie --passphrase-file DATEI oder --key-file DATEI an, setzen Sie TIDEMARK_PASSPHRASE_FILE oder übergeben Sie ein systemd-Credential namens tidemark-passphrase.</translation>
    </message>
    <message numerus="yes">
        <source>rolling %1 (%n link(s)) onto a synthetic full at %2</source>
        <translation>
            <numerusform>überführt %1 (%n Glied) in eine synthetische Vollsicherung unter %2</numerusform>
            <numerusform>überführt %1 (%n Glieder) in eine synthetische Vollsicherung unter %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::BrowseJob</name>
    <message>
        <source>Contents of %1</source>
        <translation>Inhalt von %1</translation>
    </message>
</context>
<context>
    <name>tidemark::ConsolidateJob</name>
    <message>
        <source>Synthetic full of %1 into %2</source>
        <translation>Synthetische Vollsicherung von %1 nach %2</translation>
    </message>
    <message>
        <source>Consolidation cancelled; nothing was written to &apos;%1&apos;</source>
        <translation>Konsolidierung abgebrochen; nach „%1“ wurde nichts geschrieben</translation>
    </message>
    <message>
        <source>Cannot consolidate &apos;%1&apos; onto itself</source>
        <translation>„%1“ lässt sich nicht auf sich selbst konsolidieren</translation>
    </message>
    <message>
        <source>Give a NEWPATH where no chain is: the new chain goes there.</source>
        <translation>Einen NEWPATH angeben, an dem keine Kette liegt: dorthin kommt die neue Kette.</translation>
    </message>
    <message>
        <source>reading %1</source>
        <translation>liest %1</translation>
    </message>
    <message>
        <source>There is no backup at &apos;%1&apos;</source>
        <translation>Unter „%1“ gibt es keine Sicherung</translation>
    </message>
    <message>
        <source>Give the path of a chain&apos;s full snapshot.</source>
        <translation>Den Pfad der Vollsicherung einer Kette angeben.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds a chain already</source>
        <translation>„%1“ enthält bereits eine Kette</translation>
    </message>
    <message>
        <source>Give a NEWPATH where no chain is: consolidate never overwrites or mixes chains.</source>
        <translation>Einen NEWPATH angeben, an dem keine Kette liegt: eine Konsolidierung überschreibt oder mischt nie Ketten.</translation>
    </message>
    <message>
        <source>The keys of the encrypted chain &apos;%1&apos; are gone</source>
        <translation>Die Schlüssel der verschlüsselten Kette „%1“ fehlen</translation>
    </message>
    <message numerus="yes">
        <source>reading %n link(s) of %1</source>
        <translation>
            <numerusform>liest %n Glied von %1</numerusform>
            <numerusform>liest %n Glieder von %1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 changed while it was read</source>
        <translation>%1 hat sich beim Lesen geändert</translation>
    </message>
    <message>
        <source>Run `tidemark-cli verify` on the chain, then consolidate again.</source>
        <translation>`tidemark-cli verify` für die Kette ausführen, dann erneut konsolidieren.</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not what the chain listed when it was opened</source>
        <translation>%1: „%2“ ist nicht das, was die Kette beim Öffnen aufgelistet hat</translation>
    </message>
    <message>
        <source>The chain changed meanwhile (or is damaged): run `tidemark-cli verify` on it.</source>
        <translation>Die Kette hat sich inzwischen geändert (oder ist beschädigt): `tidemark-cli verify` für sie ausführen.</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Check free space and permissions where NEWPATH is; nothing of the new chain was kept.</source>
        <translation>Freien Platz und Berechtigungen dort prüfen, wo NEWPATH liegt; von der neuen Kette wurde nichts behalten.</translation>
    </message>
    <message>
        <source>%1 ended before &apos;%2&apos;</source>
        <translation>%1 endete vor „%2“</translation>
    </message>
    <message>
        <source>writing %1 from %2</source>
        <translation>schreibt %1 aus %2</translation>
    </message>
    <message>
        <source>%1: expected &apos;%2&apos; next in the archive</source>
        <translation>%1: als Nächstes im Archiv wurde „%2“ erwartet</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; has checksum %3, its manifest says %4</source>
        <translation>%1: „%2“ hat die Prüfsumme %3, laut seinem Manifest aber %4</translation>
    </message>
    <message>
        <source>committing %1</source>
        <translation>übernimmt %1</translation>
    </message>
    <message numerus="yes">
        <source>rebuilding %n file(s) from their block links</source>
        <translation>
            <numerusform>baut %n Datei aus ihren Block-Gliedern neu auf</numerusform>
            <numerusform>baut %n Dateien aus ihren Block-Gliedern neu auf</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;%1&apos; in %2</source>
        <translation>„%1“ in %2</translation>
    </message>
    <message>
        <source>%1 ended before the files it lists</source>
        <translation>%1 endete vor den Dateien, die es aufführt</translation>
    </message>
    <message>
        <source>Cannot read &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>writing %1, rebuilt from its block links</source>
        <translation>schreibt %1, aus seinen Block-Gliedern neu aufgebaut</translation>
    </message>
    <message>
        <source>&apos;%1&apos;, rebuilt, has %2 bytes where the chain says %3</source>
        <translation>„%1“ hat neu aufgebaut %2 Bytes, laut Kette aber %3</translation>
    </message>
    <message>
        <source>Check the disk of the scratch directory, then consolidate again.</source>
        <translation>Den Datenträger des temporären Verzeichnisses prüfen, dann erneut konsolidieren.</translation>
    </message>
    <message numerus="yes">
        <source>rebuilding %n file(s) from their reference links</source>
        <translation>
            <numerusform>baut %n Datei aus ihren Referenz-Gliedern neu auf</numerusform>
            <numerusform>baut %n Dateien aus ihren Referenz-Gliedern neu auf</numerusform>
        </translation>
    </message>
    <message>
        <source>writing %1, rebuilt from its reference links</source>
        <translation>schreibt %1, aus seinen Referenz-Gliedern neu aufgebaut</translation>
    </message>
    <message>
        <source>&apos;%1&apos;, rebuilt from the chain&apos;s links, changed in the scratch directory &apos;%2&apos;</source>
        <translation>„%1“, aus den Gliedern der Kette neu aufgebaut, hat sich im temporären Verzeichnis „%2“ geändert</translation>
    </message>
</context>
<context>
    <name>tidemark::CopyJob</name>
    <message>
        <source>Copy of %1 to %2</source>
        <translation>Kopie von %1 nach %2</translation>
    </message>
    <message>
        <source>Copy cancelled; nothing was added to &apos;%1&apos;</source>
        <translation>Kopieren abgebrochen; zu „%1“ kam nichts hinzu</translation>
    </message>
    <message numerus="yes">
        <source>Copy cancelled; &apos;%1&apos; keeps the %n link(s) copied before, and nothing of the link that was being copied</source>
        <translation>
            <numerusform>Kopieren abgebrochen; „%1“ behält das %n zuvor kopierte Glied und nichts von dem Glied, das gerade kopiert wurde</numerusform>
            <numerusform>Kopieren abgebrochen; „%1“ behält die %n zuvor kopierten Glieder und nichts von dem Glied, das gerade kopiert wurde</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy into a new DEST, or move &apos;%1&apos; and its incrementals aside: a copy never overwrites or mixes chains.</source>
        <translation>In ein neues ZIEL kopieren, oder „%1“ und seine inkrementellen beiseite legen: eine Kopie überschreibt oder mischt nie Ketten.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; holds another chain (id %2) than &apos;%3&apos; (id %4): it is not a copy of it</source>
        <translation>„%1“ enthält eine andere Kette (ID %2) als „%3“ (ID %4): es ist keine Kopie davon</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has %2 links of chain %3, more than the %4 of &apos;%5&apos;: it is ahead of the chain it would be copied from</source>
        <translation>„%1“ hat %2 Glieder der Kette %3, mehr als die %4 von „%5“: es ist der Kette voraus, aus der kopiert würde</translation>
    </message>
    <message>
        <source>Copy from the location that holds every link (maybe the other way round), or into a new DEST.</source>
        <translation>Aus dem Speicherort kopieren, der jedes Glied enthält (vielleicht umgekehrt), oder in ein neues ZIEL.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not the same link as &apos;%2&apos;: their manifests differ (a different backup of chain %3)</source>
        <translation>„%1“ ist nicht dasselbe Glied wie „%2“: ihre Manifeste unterscheiden sich (eine andere Sicherung der Kette %3)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has %2 bytes but &apos;%3&apos; has %4: the same link, but one of them is damaged</source>
        <translation>„%1“ hat %2 Bytes, „%3“ aber %4: dasselbe Glied, aber eines davon ist beschädigt</translation>
    </message>
    <message>
        <source>Run &apos;tidemark-cli verify&apos; on both; move the damaged one and its later incrementals aside, then copy again.</source>
        <translation>„tidemark-cli verify“ für beide ausführen; das beschädigte und seine späteren inkrementellen beiseite legen, dann erneut kopieren.</translation>
    </message>
    <message>
        <source>Cannot copy &apos;%1&apos; onto itself</source>
        <translation>„%1“ lässt sich nicht auf sich selbst kopieren</translation>
    </message>
    <message>
        <source>Give another DEST: a path or an s3:// location where the copy goes.</source>
        <translation>Ein anderes ZIEL angeben: einen Pfad oder einen s3://-Speicherort, wohin die Kopie geht.</translation>
    </message>
    <message>
        <source>locking %1</source>
        <translation>sperrt %1</translation>
    </message>
    <message>
        <source>reading the chain %1</source>
        <translation>liest die Kette %1</translation>
    </message>
    <message>
        <source>There is no backup chain at &apos;%1&apos;</source>
        <translation>Unter „%1“ gibt es keine Sicherungskette</translation>
    </message>
    <message>
        <source>Give the location of a chain&apos;s full snapshot (the file or object without a .N suffix).</source>
        <translation>Den Speicherort der Vollsicherung einer Kette angeben (die Datei oder das Objekt ohne Endung .N).</translation>
    </message>
    <message>
        <source>Copy cancelled</source>
        <translation>Kopieren abgebrochen</translation>
    </message>
    <message>
        <source>copying %1 to %2</source>
        <translation>kopiert %1 nach %2</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ lässt sich nicht schreiben: %2</translation>
    </message>
    <message>
        <source>Check free space and permissions where the copy goes.</source>
        <translation>Freien Platz und Berechtigungen am Ziel der Kopie prüfen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; changed while it was being copied</source>
        <translation>„%1“ hat sich während des Kopierens geändert</translation>
    </message>
    <message>
        <source>Run the copy again when no one writes to &apos;%1&apos;.</source>
        <translation>Die Kopie erneut ausführen, wenn niemand in „%1“ schreibt.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has %2 bytes, but was listed with %3: it changed while it was being copied</source>
        <translation>„%1“ hat %2 Bytes, wurde aber mit %3 aufgelistet: es hat sich während des Kopierens geändert</translation>
    </message>
    <message>
        <source>committing %1</source>
        <translation>übernimmt %1</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is an encrypted chain and &apos;%2&apos; a plain one: a copy never mixes them</source>
        <translation>„%1“ ist eine verschlüsselte Kette und „%2“ eine unverschlüsselte: eine Kopie mischt sie nie</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a plain chain and &apos;%2&apos; an encrypted one: a copy never mixes them</source>
        <translation>„%1“ ist eine unverschlüsselte Kette und „%2“ eine verschlüsselte: eine Kopie mischt sie nie</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is encrypted with another data key than &apos;%2&apos;: it is not a copy of it</source>
        <translation>„%1“ ist mit einem anderen Datenschlüssel verschlüsselt als „%2“: es ist keine Kopie davon</translation>
    </message>
    <message>
        <source>copying the keys to %1</source>
        <translation>kopiert die Schlüssel nach %1</translation>
    </message>
</context>
<context>
    <name>tidemark::DecryptingDevice</name>
    <message>
        <source>Reading &apos;%1&apos; failed: %2</source>
        <translation>Lesen von „%1“ fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is damaged: it ends inside an encrypted message (it was cut short)</source>
        <translation>„%1“ ist beschädigt: sie endet mitten in einer verschlüsselten Nachricht (sie wurde abgeschnitten)</translation>
    </message>
    <message>
        <source>Restore the file from another copy, or back up again.</source>
        <translation>Stellen Sie die Datei aus einer anderen Kopie wieder her oder sichern Sie erneut.</translation>
    </message>
    <message>
        <source>libsodium could not be initialised</source>
        <translation>libsodium ließ sich nicht initialisieren</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is damaged: %2</source>
        <translation>„%1“ ist beschädigt: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; cannot be read at random</source>
        <translation>„%1“ ist nicht wahlfrei lesbar</translation>
    </message>
    <message>
        <source>it is shorter than an encrypted link&apos;s header</source>
        <translation>sie ist kürzer als der Kopf eines verschlüsselten Glieds</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not encrypted, but its chain is: a chain is encrypted from its full snapshot on, and mixing is refused</source>
        <translation>„%1“ ist nicht verschlüsselt, ihre Kette aber schon: eine Kette ist ab ihrem Vollabzug verschlüsselt, und Mischen wird abgelehnt</translation>
    </message>
    <message>
        <source>Move the file aside: it does not belong to this chain.</source>
        <translation>Verschieben Sie die Datei: sie gehört nicht zu dieser Kette.</translation>
    </message>
    <message>
        <source>its encryption format version %1 is unknown (this Tidemark reads version %2)</source>
        <translation>ihre Verschlüsselungsformat-Version %1 ist unbekannt (dieses Tidemark liest Version %2)</translation>
    </message>
    <message>
        <source>its encryption header is not valid</source>
        <translation>ihr Verschlüsselungskopf ist ungültig</translation>
    </message>
    <message>
        <source>&apos;%1&apos; was encrypted with another data key than its chain&apos;s (key id %2, the chain&apos;s %3)</source>
        <translation>„%1“ wurde mit einem anderen Datenschlüssel als dem ihrer Kette verschlüsselt (Schlüsselkennung %2, die der Kette %3)</translation>
    </message>
    <message>
        <source>The file belongs to another chain: move it aside.</source>
        <translation>Die Datei gehört zu einer anderen Kette: verschieben Sie sie.</translation>
    </message>
    <message>
        <source>it holds no encrypted data (it was cut short)</source>
        <translation>sie enthält keine verschlüsselten Daten (sie wurde abgeschnitten)</translation>
    </message>
    <message>
        <source>it ends inside an encrypted message (it was cut short)</source>
        <translation>sie endet mitten in einer verschlüsselten Nachricht (sie wurde abgeschnitten)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is damaged: segment %2 has a bad header</source>
        <translation>„%1“ ist beschädigt: Segment %2 hat einen fehlerhaften Kopf</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is damaged: it goes on after its last message</source>
        <translation>„%1“ ist beschädigt: sie geht nach ihrer letzten Nachricht weiter</translation>
    </message>
    <message>
        <source> (it may have been cut short)</source>
        <translation> (sie wurde womöglich abgeschnitten)</translation>
    </message>
    <message>
        <source>Restore the file from another copy, or back up again; nothing was read from it as good.</source>
        <translation>Stellen Sie die Datei aus einer anderen Kopie wieder her oder sichern Sie erneut; nichts aus ihr wurde als gültig gelesen.</translation>
    </message>
    <message>
        <source>Decrypting &apos;%1&apos;: no valid data key</source>
        <translation>Entschlüsseln von „%1“: kein gültiger Datenschlüssel</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is damaged or was tampered with: the encrypted block of bytes %2 to %3 does not authenticate%4</source>
        <translation>„%1“ ist beschädigt oder wurde manipuliert: der verschlüsselte Block der Bytes %2 bis %3 lässt sich nicht authentifizieren%4</translation>
    </message>
</context>
<context>
    <name>tidemark::EncryptingDevice</name>
    <message>
        <source>libsodium could not be initialised</source>
        <translation>libsodium ließ sich nicht initialisieren</translation>
    </message>
    <message>
        <source>Encrypting &apos;%1&apos;: no valid data key</source>
        <translation>Verschlüsseln von „%1“: kein gültiger Datenschlüssel</translation>
    </message>
    <message>
        <source>Cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ ist nicht schreibbar: %2</translation>
    </message>
    <message>
        <source>Encrypting &apos;%1&apos; ended</source>
        <translation>Verschlüsseln von „%1“ wurde beendet</translation>
    </message>
</context>
<context>
    <name>tidemark::ExportJob</name>
    <message>
        <source>Export of %1 from %2</source>
        <translation>Export von %1 aus %2</translation>
    </message>
    <message>
        <source>Cannot write to standard output: %1</source>
        <translation>In die Standardausgabe kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>standard output</source>
        <translation>Standardausgabe</translation>
    </message>
</context>
<context>
    <name>tidemark::HttpServer</name>
    <message>
        <source>HTTP bind address &apos;%1&apos; is not an IP address</source>
        <translation>HTTP-Bind-Adresse „%1“ ist keine IP-Adresse</translation>
    </message>
    <message>
        <source>Cannot listen for HTTP on %1: %2</source>
        <translation>Auf %1 kann nicht für HTTP gelauscht werden: %2</translation>
    </message>
    <message>
        <source>Another program may use the port; change [http] bind-address.</source>
        <translation>Vielleicht belegt ein anderes Programm den Port; [http] bind-address ändern.</translation>
    </message>
</context>
<context>
    <name>tidemark::OnlineRestoreJob</name>
    <message>
        <source>reading %1</source>
        <translation>liest %1</translation>
    </message>
    <message>
        <source>There is no backup at &apos;%1&apos;</source>
        <translation>Unter „%1“ gibt es keine Sicherung</translation>
    </message>
    <message>
        <source>Give the path of a chain&apos;s full snapshot.</source>
        <translation>Den Pfad der Vollsicherung einer Kette angeben.</translation>
    </message>
    <message>
        <source>Backup chain &apos;%1&apos; has no link %2</source>
        <translation>Sicherungskette „%1“ hat kein Glied %2</translation>
    </message>
    <message>
        <source>Give --upto from -1 (the full snapshot) to %1.</source>
        <translation>--upto von -1 (die Vollsicherung) bis %1 angeben.</translation>
    </message>
    <message>
        <source>Restore cancelled; nothing changed on the node</source>
        <translation>Wiederherstellung abgebrochen; auf dem Knoten hat sich nichts geändert</translation>
    </message>
</context>
<context>
    <name>tidemark::PruneJob</name>
    <message>
        <source>Prune preview of %1</source>
        <translation>Vorschau der Bereinigung von %1</translation>
    </message>
    <message>
        <source>Prune of %1</source>
        <translation>Bereinigung von %1</translation>
    </message>
    <message>
        <source>times unknown: %1</source>
        <translation>Zeiten unbekannt: %1</translation>
    </message>
    <message>
        <source>no link</source>
        <translation>kein Glied</translation>
    </message>
    <message>
        <source>newest chain of its node</source>
        <translation>neueste Kette ihres Knotens</translation>
    </message>
    <message>
        <source>&apos;%1&apos; changed since it was listed</source>
        <translation>„%1“ hat sich seit dem Auflisten geändert</translation>
    </message>
    <message>
        <source>Run prune again: it decides on the chain as it is then.</source>
        <translation>Die Bereinigung erneut ausführen: sie entscheidet dann nach dem neuen Stand der Kette.</translation>
    </message>
    <message>
        <source>Prune cancelled; &apos;%1&apos; is a shorter whole chain now</source>
        <translation>Bereinigung abgebrochen; „%1“ ist jetzt eine kürzere, vollständige Kette</translation>
    </message>
    <message>
        <source>No retention rule given: prune would keep nothing but the newest chain of each node</source>
        <translation>Keine Aufbewahrungsregel angegeben: die Bereinigung würde nur die neueste Kette jedes Knotens behalten</translation>
    </message>
    <message>
        <source>Give at least one of --keep-last, --keep-hourly, --keep-daily, --keep-weekly, --keep-monthly, --keep-yearly, --keep-within.</source>
        <translation>Mindestens eine der Optionen --keep-last, --keep-hourly, --keep-daily, --keep-weekly, --keep-monthly, --keep-yearly, --keep-within angeben.</translation>
    </message>
    <message>
        <source>listing %1</source>
        <translation>listet %1 auf</translation>
    </message>
    <message>
        <source>reading %1</source>
        <translation>liest %1</translation>
    </message>
    <message>
        <source>Prune cancelled; every chain is whole</source>
        <translation>Bereinigung abgebrochen; jede Kette ist vollständig</translation>
    </message>
    <message>
        <source>removing %1</source>
        <translation>entfernt %1</translation>
    </message>
    <message>
        <source>locked: a backup is writing it</source>
        <translation>gesperrt: eine Sicherung schreibt sie</translation>
    </message>
</context>
<context>
    <name>tidemark::SnapshotService</name>
    <message>
        <source>[snapshot] tls-cert is set but Qt has no TLS backend here</source>
        <translation>[snapshot] tls-cert ist gesetzt, aber Qt hat hier kein TLS-Backend</translation>
    </message>
    <message>
        <source>Install Qt&apos;s OpenSSL TLS plugin (Debian: libqt6network6 and libssl3), or remove tls-cert and tls-key.</source>
        <translation>Das OpenSSL-TLS-Plugin von Qt installieren (Debian: libqt6network6 und libssl3) oder tls-cert und tls-key entfernen.</translation>
    </message>
    <message>
        <source>[snapshot] tls-cert: &apos;%1&apos; holds no PEM certificate</source>
        <translation>[snapshot] tls-cert: „%1“ enthält kein PEM-Zertifikat</translation>
    </message>
    <message>
        <source>Give a PEM file starting with -----BEGIN CERTIFICATE-----, the node&apos;s certificate first.</source>
        <translation>Eine PEM-Datei angeben, die mit -----BEGIN CERTIFICATE----- beginnt, mit dem Zertifikat des Knotens zuerst.</translation>
    </message>
    <message>
        <source>[snapshot] tls-key: cannot read &apos;%1&apos;: %2</source>
        <translation>[snapshot] tls-key: „%1“ kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>[snapshot] tls-key: &apos;%1&apos; holds no unencrypted PEM private key (RSA, EC or DSA)</source>
        <translation>[snapshot] tls-key: „%1“ enthält keinen unverschlüsselten privaten PEM-Schlüssel (RSA, EC oder DSA)</translation>
    </message>
    <message>
        <source>Give the certificate&apos;s private key without a passphrase, e.g. from: openssl pkey -in encrypted.key -out %1</source>
        <translation>Den privaten Schlüssel des Zertifikats ohne Passphrase angeben, z. B. erzeugt mit: openssl pkey -in encrypted.key -out %1</translation>
    </message>
    <message>
        <source>[snapshot] bind-address &apos;%1&apos; is not an IP address</source>
        <translation>[snapshot] bind-address „%1“ ist keine IP-Adresse</translation>
    </message>
    <message>
        <source>Write an address such as 127.0.0.1:8808 or 192.0.2.10:8808 (host names other than localhost are not resolved).</source>
        <translation>Eine Adresse wie 127.0.0.1:8808 oder 192.0.2.10:8808 schreiben (Hostnamen außer localhost werden nicht aufgelöst).</translation>
    </message>
    <message>
        <source>Cannot listen for snapshots on %1: %2</source>
        <translation>Auf %1 kann nicht für Snapshots gelauscht werden: %2</translation>
    </message>
    <message>
        <source>Another program may use the port; change [snapshot] bind-address.</source>
        <translation>Vielleicht belegt ein anderes Programm den Port; [snapshot] bind-address ändern.</translation>
    </message>
    <message>
        <source>too many connections</source>
        <translation>zu viele Verbindungen</translation>
    </message>
    <message>
        <source>this node&apos;s snapshot service requires TLS; connect with --tls</source>
        <translation>der Snapshot-Dienst dieses Knotens verlangt TLS; mit --tls verbinden</translation>
    </message>
    <message>
        <source>expected a request frame</source>
        <translation>Anfrage-Frame erwartet</translation>
    </message>
    <message>
        <source>this node requires an auth token</source>
        <translation>dieser Knoten verlangt ein Anmelde-Token</translation>
    </message>
    <message>
        <source>wrong auth token</source>
        <translation>falsches Anmelde-Token</translation>
    </message>
    <message>
        <source>snapshots are disabled on this node ([snapshot] enabled = false)</source>
        <translation>Snapshots sind auf diesem Knoten abgeschaltet ([snapshot] enabled = false)</translation>
    </message>
    <message>
        <source>%1 snapshots are running already; try again later</source>
        <translation>es laufen bereits %1 Snapshots; später erneut versuchen</translation>
    </message>
    <message>
        <source>the node is shutting down</source>
        <translation>der Knoten fährt herunter</translation>
    </message>
    <message>
        <source>nothing changed</source>
        <translation>nichts geändert</translation>
    </message>
    <message>
        <source>the snapshot ran longer than [snapshot] max-duration (%1 s) and was abandoned (while it runs, writers cannot reuse the pages they free); raise max-duration in the node&apos;s config, or back up faster</source>
        <translation>der Snapshot lief länger als [snapshot] max-duration (%1 s) und wurde abgebrochen (solange er läuft, können Schreiber freigegebene Seiten nicht wiederverwenden); erhöhen Sie max-duration in der Konfiguration des Knotens, oder sichern Sie schneller</translation>
    </message>
    <message>
        <source>database &quot;%1&quot; exists on this node (%2 shards of the same time ranges)</source>
        <translation>Datenbank „%1“ existiert auf diesem Knoten (%2 Shards derselben Zeiträume)</translation>
    </message>
    <message>
        <source>send the files</source>
        <translation>die Dateien senden</translation>
    </message>
    <message>
        <source>expected Data or End frames during an import</source>
        <translation>während eines Imports wurden Data- oder End-Frames erwartet</translation>
    </message>
    <message>
        <source>more bytes than the import&apos;s %1 files</source>
        <translation>mehr Bytes als die %1 Dateien des Imports</translation>
    </message>
    <message>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>cannot write shard %1 to the staging</source>
        <translation>Shard %1 kann nicht ins Zwischenverzeichnis geschrieben werden</translation>
    </message>
    <message>
        <source>shard %1 (%2 bytes) has checksum %3, the import said %4</source>
        <translation>Shard %1 (%2 Bytes) hat die Prüfsumme %3, laut Import %4</translation>
    </message>
    <message>
        <source>the import ended after %1 of its %2 files</source>
        <translation>der Import endete nach %1 seiner %2 Dateien</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <source>the block map &apos;%1&apos; changed while &apos;%2&apos; was sent as changed blocks; the snapshot was abandoned</source>
        <translation>die Blockkarte „%1“ hat sich geändert, während „%2“ als geänderte Blöcke gesendet wurde; der Snapshot wurde abgebrochen</translation>
    </message>
    <message>
        <source>Back up again: the node sends the file whole when its map does not check out.</source>
        <translation>Erneut sichern: der Knoten sendet die Datei vollständig, wenn ihre Blockkarte die Prüfung nicht besteht.</translation>
    </message>
    <message>
        <source>cannot encode the changed blocks of &apos;%1&apos;</source>
        <translation>die geänderten Blöcke von „%1“ können nicht kodiert werden</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::CatalogDialog</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Re&amp;tention…</source>
        <translation>Auf&amp;bewahrung…</translation>
    </message>
    <message>
        <source>Catalog of %1</source>
        <translation>Katalog von %1</translation>
    </message>
    <message>
        <source>Every backup chain in &lt;b&gt;%1&lt;/b&gt;, with its node, its points in time and its last verification. Times are local.</source>
        <translation>Jede Sicherungskette in &lt;b&gt;%1&lt;/b&gt;, mit ihrem Knoten, ihren Zeitpunkten und ihrer letzten Prüfung. Die Zeiten sind Ortszeit.</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Kette</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Glieder</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Erster</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Letzter</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Speicherung</translation>
    </message>
    <message>
        <source>Last verify</source>
        <translation>Letzte Prüfung</translation>
    </message>
    <message>
        <source>Read the location&apos;s chains again.</source>
        <translation>Liest die Ketten des Speicherorts neu ein.</translation>
    </message>
    <message>
        <source>Which of these backups to keep: a preview of what a prune removes, Prune now, and the node&apos;s policy.</source>
        <translation>Welche dieser Sicherungen behalten werden: eine Vorschau dessen, was eine Bereinigung entfernt, „Jetzt bereinigen“ und die Richtlinie des Knotens.</translation>
    </message>
    <message>
        <source>Reading %1 (%2 of %3)…</source>
        <translation>%1 wird gelesen (%2 von %3)…</translation>
    </message>
    <message>
        <source>Listing %1…</source>
        <translation>%1 wird aufgelistet…</translation>
    </message>
    <message>
        <source>zstd</source>
        <translation>zstd</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>verschlüsselt</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>unkomprimiert</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>✔ ok %1</source>
        <translation>✔ OK %1</translation>
    </message>
    <message>
        <source>✖ FAILED %1</source>
        <translation>✖ FEHLGESCHLAGEN %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Leftover of an interrupted writer: %1</source>
        <translation>Rest eines abgebrochenen Schreibvorgangs: %1</translation>
    </message>
    <message>
        <source>Last verify: %1</source>
        <translation>Letzte Prüfung: %1</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n chain(s)&lt;/b&gt;, %1 in %2</source>
        <translation>
            <numerusform>&lt;b&gt;%n Kette&lt;/b&gt;, %1 in %2</numerusform>
            <numerusform>&lt;b&gt;%n Ketten&lt;/b&gt;, %1 in %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Last drill</source>
        <translation>Letzte Wiederherstellungsprobe</translation>
    </message>
    <message>
        <source>Last drill: %1</source>
        <translation>Letzte Wiederherstellungsprobe: %1</translation>
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
    <message>
        <source>at the end of the link</source>
        <translation>am Ende des Glieds</translation>
    </message>
    <message>
        <source>Remove the location from this list; the files stay on disk (or in the bucket).</source>
        <translation>Entfernt den Speicherort aus dieser Liste; die Dateien bleiben auf der Platte (oder im Bucket).</translation>
    </message>
    <message>
        <source>No backup location yet: Add location… picks the file of the full snapshot, e.g. /backups/node1 (incrementals go beside it as node1.0, node1.1, …), or an S3 bucket and key.</source>
        <translation>Noch kein Speicherort: „Ort hinzufügen…“ wählt die Datei der Vollsicherung, z. B. /backups/node1 (die inkrementellen liegen daneben als node1.0, node1.1, …), oder einen S3-Bucket und -Schlüssel.</translation>
    </message>
    <message>
        <source>Reading the keyring: the secret key of this S3 location comes from the system keyring first.</source>
        <translation>Schlüsselbund wird gelesen: der geheime Schlüssel dieses S3-Speicherorts kommt zuerst aus dem Schlüsselbund des Systems.</translation>
    </message>
    <message>
        <source>An S3 location has no folder on this machine.</source>
        <translation>Ein S3-Speicherort hat keinen Ordner auf diesem Rechner.</translation>
    </message>
    <message>
        <source>Open the chain&apos;s folder in the file manager.</source>
        <translation>Öffnet den Ordner der Kette in der Dateiverwaltung.</translation>
    </message>
    <message>
        <source>New chain for %1</source>
        <translation>Neue Kette für %1</translation>
    </message>
    <message>
        <source>Key of the new full snapshot in s3://%1/ (same endpoint and keys):</source>
        <translation>Schlüssel der neuen Vollsicherung in s3://%1/ (gleicher Endpunkt, gleiche Zugangsschlüssel):</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>Entsperren…</translation>
    </message>
    <message>
        <source>Give the chain&apos;s passphrase or key file to read it in this session.</source>
        <translation>Geben Sie die Passphrase oder Schlüsseldatei der Kette an, um sie in dieser Sitzung zu lesen.</translation>
    </message>
    <message>
        <source>%1 holds an unencrypted chain already: its backups stay unencrypted. Add an empty location to start an encrypted chain.</source>
        <translation>%1 enthält bereits eine unverschlüsselte Kette: ihre Sicherungen bleiben unverschlüsselt. Fügen Sie einen leeren Speicherort hinzu, um eine verschlüsselte Kette zu beginnen.</translation>
    </message>
    <message>
        <source>Encrypted: trying the passphrase kept in the system keyring…</source>
        <translation>Verschlüsselt: die im Schlüsselbund des Systems gespeicherte Passphrase wird versucht…</translation>
    </message>
    <message>
        <source>Encrypted — unlock to read it.</source>
        <translation>Verschlüsselt — zum Lesen entsperren.</translation>
    </message>
    <message>
        <source>Empty: Back up now writes the full snapshot to %1, encrypted with the passphrase given when the location was added.</source>
        <translation>Leer: „Jetzt sichern“ schreibt den Vollabzug nach %1, verschlüsselt mit der beim Hinzufügen des Speicherorts angegebenen Passphrase.</translation>
    </message>
    <message>
        <source>Its links show once it is unlocked.</source>
        <translation>Ihre Glieder erscheinen, sobald sie entsperrt ist.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Encrypted — unlock to read it.&lt;/b&gt; Its keys: %1.</source>
        <translation>&lt;b&gt;Verschlüsselt — zum Lesen entsperren.&lt;/b&gt; Ihre Schlüssel: %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Encrypted chain&lt;/b&gt;, unlocked for this session: its links are decrypted as they are read. Its keys: %1.</source>
        <translation>&lt;b&gt;Verschlüsselte Kette&lt;/b&gt;, für diese Sitzung entsperrt: ihre Glieder werden beim Lesen entschlüsselt. Ihre Schlüssel: %1.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Encrypted from its first backup&lt;/b&gt;: the passphrase given when the location was added.</source>
        <translation>&lt;b&gt;Verschlüsselt ab der ersten Sicherung&lt;/b&gt;: mit der beim Hinzufügen des Speicherorts angegebenen Passphrase.</translation>
    </message>
    <message>
        <source>Unlocked the encrypted chain %1 for this session.</source>
        <translation>Die verschlüsselte Kette %1 ist für diese Sitzung entsperrt.</translation>
    </message>
    <message>
        <source>the passphrase in the system keyring</source>
        <translation>die Passphrase im Schlüsselbund des Systems</translation>
    </message>
    <message>
        <source>Unlocked the encrypted chain %1 with the passphrase kept in the system keyring.</source>
        <translation>Die verschlüsselte Kette %1 wurde mit der im Schlüsselbund des Systems gespeicherten Passphrase entsperrt.</translation>
    </message>
    <message>
        <source>The passphrase kept in the system keyring for %1 does not open it (%2): Unlock… asks for a key.</source>
        <translation>Die im Schlüsselbund des Systems gespeicherte Passphrase für %1 öffnet sie nicht (%2): „Entsperren…“ fragt nach einem Schlüssel.</translation>
    </message>
    <message>
        <source>Catalog…</source>
        <translation>Katalog…</translation>
    </message>
    <message>
        <source>Every chain in the folder (or S3 prefix) of this chain: its node, times, size, how it is stored and its last verification.</source>
        <translation>Jede Kette im Ordner (oder S3-Präfix) dieser Kette: ihr Knoten, ihre Zeiten, ihre Größe, wie sie gespeichert ist, und ihre letzte Prüfung.</translation>
    </message>
    <message numerus="yes">
        <source>A series of chains of at most %n link(s) each: once this one is full, the next backup rolls it onto a synthetic full in a new chain beside it.</source>
        <translation>
            <numerusform>Eine Reihe von Ketten mit je höchstens %n Glied: sobald diese voll ist, überführt die nächste Sicherung sie in eine synthetische Vollsicherung in einer neuen Kette daneben.</numerusform>
            <numerusform>Eine Reihe von Ketten mit je höchstens %n Gliedern: sobald diese voll ist, überführt die nächste Sicherung sie in eine synthetische Vollsicherung in einer neuen Kette daneben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A series of chains of at most %n link(s) each: its newest chain is %1.</source>
        <translation>
            <numerusform>Eine Reihe von Ketten mit je höchstens %n Glied: ihre neueste Kette ist %1.</numerusform>
            <numerusform>Eine Reihe von Ketten mit je höchstens %n Gliedern: ihre neueste Kette ist %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Contents…</source>
        <translation>Inhalt…</translation>
    </message>
    <message>
        <source>What the chain holds up to the selected link: its databases, retention policies, shards and measurements, read from the chain alone.</source>
        <translation>Was die Kette bis zum gewählten Glied enthält: ihre Datenbanken, Retention Policies, Shards und Measurements, allein aus der Kette gelesen.</translation>
    </message>
    <message>
        <source>%1 (blocks: %2)</source>
        <translation>%1 (Blöcke: %2)</translation>
    </message>
    <message>
        <source>changed blocks</source>
        <translation>geänderte Blöcke</translation>
    </message>
    <message>
        <source>%1 (references: stored %2)</source>
        <translation>%1 (Referenzen: %2 gespeichert)</translation>
    </message>
    <message>
        <source>references to the version before</source>
        <translation>Referenzen auf die vorige Version</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::ContentsDialog</name>
    <message>
        <source>the full snapshot</source>
        <translation>der Vollsicherung</translation>
    </message>
    <message>
        <source>link %1</source>
        <translation>Glied %1</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu lesen</translation>
    </message>
    <message>
        <source>Contents of %1 at %2</source>
        <translation>Inhalt von %1 bei %2</translation>
    </message>
    <message>
        <source>What &lt;b&gt;%1&lt;/b&gt; holds at %2, read from the chain alone (the node is not asked). Times are local.</source>
        <translation>Was &lt;b&gt;%1&lt;/b&gt; bei %2 enthält, allein aus der Kette gelesen (der Knoten wird nicht gefragt). Zeiten sind Ortszeit.</translation>
    </message>
    <message>
        <source>Stop reading the chain.</source>
        <translation>Das Lesen der Kette beenden.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Serien</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Glied</translation>
    </message>
    <message>
        <source>Read the chain again.</source>
        <translation>Die Kette erneut lesen.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>forever</source>
        <translation>für immer</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>Databases: %1 · shards: %2 · measurements: %3 · series: %4 · %5 in the chain</source>
        <translation>Datenbanken: %1 · Shards: %2 · Measurements: %3 · Serien: %4 · %5 in der Kette</translation>
    </message>
    <message>
        <source>keeps %1, default</source>
        <translation>behält %1, Standard</translation>
    </message>
    <message>
        <source>keeps %1</source>
        <translation>behält %1</translation>
    </message>
    <message>
        <source>Shard groups of %1, %2 replica(s)</source>
        <translation>Shard-Gruppen von %1, %2 Replikat(e)</translation>
    </message>
    <message>
        <source>shard %1</source>
        <translation>Shard %1</translation>
    </message>
    <message>
        <source>not in the chain (nothing was copied of it)</source>
        <translation>nicht in der Kette (nichts davon wurde kopiert)</translation>
    </message>
    <message>
        <source>no points</source>
        <translation>keine Punkte</translation>
    </message>
    <message>
        <source>measurements: %1</source>
        <translation>Measurements: %1</translation>
    </message>
    <message>
        <source>First point: %1</source>
        <translation>Erster Punkt: %1</translation>
    </message>
    <message>
        <source>Last point: %1</source>
        <translation>Letzter Punkt: %1</translation>
    </message>
    <message>
        <source>%1, taken %2 (%3); %4 read.</source>
        <translation>%1, aufgenommen %2 (%3); %4 gelesen.</translation>
    </message>
    <message>
        <source>No database at %1.</source>
        <translation>Keine Datenbank bei %1.</translation>
    </message>
    <message>
        <source>Cancelled. Reload reads the chain again.</source>
        <translation>Abgebrochen. „Neu lesen“ liest die Kette erneut.</translation>
    </message>
    <message>
        <source>%1
Hint: %2</source>
        <translation>%1
Hinweis: %2</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Restore this &amp;database…</source>
        <translation>Diese &amp;Datenbank wiederherstellen…</translation>
    </message>
    <message>
        <source>Restore the selected database from this link into a running node, under its name or a new one; the node keeps serving meanwhile.</source>
        <translation>Die ausgewählte Datenbank aus diesem Glied in einen laufenden Knoten wiederherstellen, unter ihrem Namen oder einem neuen; der Knoten arbeitet währenddessen weiter.</translation>
    </message>
    <message>
        <source>Select a measurement to see its points over time.</source>
        <translation>Ein Measurement auswählen, um seine Punkte im Zeitverlauf zu sehen.</translation>
    </message>
    <message>
        <source>Restore this database…</source>
        <translation>Diese Datenbank wiederherstellen…</translation>
    </message>
    <message>
        <source>%1 has no points in %2.%3.</source>
        <translation>%1 hat keine Punkte in %2.%3.</translation>
    </message>
    <message>
        <source>Counting the points of %1 in %2.%3 over time…</source>
        <translation>Zählt die Punkte von %1 in %2.%3 im Zeitverlauf…</translation>
    </message>
    <message>
        <source>Counting was cancelled.</source>
        <translation>Das Zählen wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The points could not be counted: %1</source>
        <translation>Die Punkte konnten nicht gezählt werden: %1</translation>
    </message>
    <message>
        <source>The points could not be counted: %1
Hint: %2</source>
        <translation>Die Punkte konnten nicht gezählt werden: %1
Hinweis: %2</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>%1 in %2.%3: points: %4, per %5 from %6 to %7.</source>
        <translation>%1 in %2.%3: Punkte: %4, je %5 von %6 bis %7.</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::HistoryDialog</name>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Job history</source>
        <translation>Auftragsverlauf</translation>
    </message>
    <message>
        <source>Every node</source>
        <translation>Alle Knoten</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Kette</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>Auf&amp;träge</translation>
    </message>
    <message>
        <source>&amp;Plots</source>
        <translation>&amp;Diagramme</translation>
    </message>
    <message>
        <source>&amp;Node:</source>
        <translation>&amp;Knoten:</translation>
    </message>
    <message>
        <source>Job history of %1</source>
        <translation>Auftragsverlauf von %1</translation>
    </message>
    <message>
        <source>Choose a node to plot its backups.</source>
        <translation>Einen Knoten wählen, um seine Sicherungen als Diagramm zu sehen.</translation>
    </message>
    <message>
        <source>Reading the history…</source>
        <translation>Verlauf wird gelesen…</translation>
    </message>
    <message>
        <source>✔ ok</source>
        <translation>✔ OK</translation>
    </message>
    <message>
        <source>✖ failed (code %1)</source>
        <translation>✖ fehlgeschlagen (Code %1)</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n Auftrag</numerusform>
            <numerusform>%n Aufträge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n failed</source>
        <translation>
            <numerusform>, %n fehlgeschlagen</numerusform>
            <numerusform>, %n fehlgeschlagen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::HistoryPlots</name>
    <message>
        <source>Backup size and duration</source>
        <translation>Größe und Dauer der Sicherungen</translation>
    </message>
    <message>
        <source>Age of the newest good backup</source>
        <translation>Alter der neuesten erfolgreichen Sicherung</translation>
    </message>
    <message>
        <source>Failed backup</source>
        <translation>Fehlgeschlagene Sicherung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Duration (s)</source>
        <translation>Dauer (s)</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Age (h)</source>
        <translation>Alter (h)</translation>
    </message>
    <message>
        <source>Newest good backup&apos;s age</source>
        <translation>Alter der neuesten erfolgreichen Sicherung</translation>
    </message>
    <message>
        <source>Hover a point to see its job.</source>
        <translation>Mit der Maus auf einen Punkt zeigen, um seinen Auftrag zu sehen.</translation>
    </message>
    <message>
        <source>Size (%1)</source>
        <translation>Größe (%1)</translation>
    </message>
    <message>
        <source>Overdue after %1 h</source>
        <translation>Überfällig nach %1 h</translation>
    </message>
    <message>
        <source> — no backup in the history yet</source>
        <translation> — noch keine Sicherung im Verlauf</translation>
    </message>
    <message>
        <source>Overdue when the newest good backup is older than %1.</source>
        <translation>Überfällig, wenn die neueste erfolgreiche Sicherung älter als %1 ist.</translation>
    </message>
    <message>
        <source>Now: the newest good backup is %1 old.</source>
        <translation>Jetzt: die neueste erfolgreiche Sicherung ist %1 alt.</translation>
    </message>
    <message>
        <source>✔ %1</source>
        <translation>✔ %1</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>✖ failed (code %1): %2</source>
        <translation>✖ fehlgeschlagen (Code %1): %2</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 in %4 · %5</source>
        <translation>%1 · %2 · %3 in %4 · %5</translation>
    </message>
    <message>
        <source> · from %1</source>
        <translation> · Herkunft: %1</translation>
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
    <message>
        <source>set in the Tidemark GUI</source>
        <translation>in der Tidemark-Oberfläche festgelegt</translation>
    </message>
    <message>
        <source>%1 was full: rolled onto a synthetic full at %2 (%3) first.</source>
        <translation>%1 war voll: zuerst in eine synthetische Vollsicherung unter %2 (%3) überführt.</translation>
    </message>
    <message>
        <source>Prune of %1 did not start: a prune runs there already.</source>
        <translation>Bereinigung von %1 nicht gestartet: dort läuft bereits eine Bereinigung.</translation>
    </message>
    <message>
        <source>Prune %1 (%2)</source>
        <translation>%1 bereinigen (%2)</translation>
    </message>
    <message>
        <source>Prune of %1 started (%2)</source>
        <translation>Bereinigung von %1 gestartet (%2)</translation>
    </message>
    <message>
        <source>Prune of %1 started (%2, the chains of %3)</source>
        <translation>Bereinigung von %1 gestartet (%2, die Ketten von %3)</translation>
    </message>
    <message>
        <source>%1 stays: %2</source>
        <translation>%1 bleibt: %2</translation>
    </message>
    <message numerus="yes">
        <source>Removed %n chain(s), freed %1 (%2).</source>
        <translation>
            <numerusform>%n Kette entfernt, %1 freigegeben (%2).</numerusform>
            <numerusform>%n Ketten entfernt, %1 freigegeben (%2).</numerusform>
        </translation>
    </message>
    <message>
        <source>Gone: %1.</source>
        <translation>Entfernt: %1.</translation>
    </message>
    <message>
        <source>Restore %1 into %2</source>
        <translation>%1 in %2 wiederherstellen</translation>
    </message>
    <message>
        <source>Restore of database %1 from %2 into %3 (as %4) started</source>
        <translation>Wiederherstellung der Datenbank %1 aus %2 in %3 (als %4) gestartet</translation>
    </message>
    <message>
        <source>checking every shard of the chain</source>
        <translation>prüft jeden Shard der Kette</translation>
    </message>
    <message>
        <source>Restored database %1 into %2 as %3.</source>
        <translation>Datenbank %1 in %2 als %3 wiederhergestellt.</translation>
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
    <message>
        <source>%1 so far</source>
        <translation>%1 bisher</translation>
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
    <name>tidemark::ui::LocationDialog</name>
    <message>
        <source>&amp;Local file</source>
        <translation>&amp;Lokale Datei</translation>
    </message>
    <message>
        <source>&amp;S3-compatible object storage</source>
        <translation>&amp;S3-kompatibler Objektspeicher</translation>
    </message>
    <message>
        <source>&amp;Path style (ENDPOINT/BUCKET/KEY)</source>
        <translation>&amp;Pfad-Stil (ENDPUNKT/BUCKET/SCHLÜSSEL)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Backup chain of %1</source>
        <translation>Sicherungskette von %1</translation>
    </message>
    <message>
        <source>e.g. /backups/%1</source>
        <translation>z. B. /backups/%1</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Full snapshot &amp;file:</source>
        <translation>&amp;Datei der Vollsicherung:</translation>
    </message>
    <message>
        <source>A new or existing chain: the full snapshot is this file, the incrementals go beside it (NAME.0, NAME.1, …).</source>
        <translation>Eine neue oder vorhandene Kette: die Vollsicherung ist diese Datei, die inkrementellen liegen daneben (NAME.0, NAME.1, …).</translation>
    </message>
    <message>
        <source>empty: AWS; e.g. http://ceph-rgw:7480</source>
        <translation>leer: AWS; z. B. http://ceph-rgw:7480</translation>
    </message>
    <message>
        <source>empty: AWS_REGION, else us-east-1</source>
        <translation>leer: AWS_REGION, sonst us-east-1</translation>
    </message>
    <message>
        <source>e.g. backups</source>
        <translation>z. B. backups</translation>
    </message>
    <message>
        <source>e.g. tidemark/%1</source>
        <translation>z. B. tidemark/%1</translation>
    </message>
    <message>
        <source>The object of the full snapshot; the incrementals are KEY.0, KEY.1, … beside it.</source>
        <translation>Das Objekt der Vollsicherung; die inkrementellen sind SCHLÜSSEL.0, SCHLÜSSEL.1, … daneben.</translation>
    </message>
    <message>
        <source>Address the bucket in the path (most S3-compatible stores: Ceph, MinIO) rather than as a host name (AWS).</source>
        <translation>Den Bucket im Pfad ansprechen (die meisten S3-kompatiblen Speicher: Ceph, MinIO) statt als Hostnamen (AWS).</translation>
    </message>
    <message>
        <source>empty: from the AWS environment or profile</source>
        <translation>leer: aus der AWS-Umgebung oder dem Profil</translation>
    </message>
    <message>
        <source>Keep the secret key in the token file (mode 0600)</source>
        <translation>Den geheimen Schlüssel in der Token-Datei speichern (Modus 0600)</translation>
    </message>
    <message>
        <source>%1, beside the settings: where the nodes&apos; auth tokens are kept too.</source>
        <translation>%1, neben den Einstellungen: dort liegen auch die Auth-Tokens der Knoten.</translation>
    </message>
    <message>
        <source>Leave both keys empty to use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the profile of ~/.aws/credentials (AWS_PROFILE), as tidemark-cli does.</source>
        <translation>Beide Schlüssel leer lassen, um AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY oder das Profil aus ~/.aws/credentials (AWS_PROFILE) zu nehmen, wie tidemark-cli.</translation>
    </message>
    <message>
        <source>List the chain&apos;s key prefix in the bucket with these settings.</source>
        <translation>Listet mit diesen Einstellungen das Schlüsselpräfix der Kette im Bucket auf.</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>B&amp;ucket:</source>
        <translation>B&amp;ucket:</translation>
    </message>
    <message>
        <source>Chain &amp;key:</source>
        <translation>&amp;Schlüssel der Kette:</translation>
    </message>
    <message>
        <source>Addressing:</source>
        <translation>Adressierung:</translation>
    </message>
    <message>
        <source>&amp;Access key:</source>
        <translation>&amp;Zugriffsschlüssel:</translation>
    </message>
    <message>
        <source>Secret &amp;key:</source>
        <translation>&amp;Geheimer Schlüssel:</translation>
    </message>
    <message>
        <source>Chain:</source>
        <translation>Kette:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Choose the file of the chain&apos;s full snapshot (Browse…), or write its absolute path.</source>
        <translation>Die Datei der Vollsicherung der Kette wählen (Durchsuchen…) oder ihren absoluten Pfad eingeben.</translation>
    </message>
    <message>
        <source>That is an S3 location: choose S3-compatible object storage above.</source>
        <translation>Das ist ein S3-Speicherort: oben „S3-kompatibler Objektspeicher“ wählen.</translation>
    </message>
    <message>
        <source>Write the full snapshot&apos;s absolute path, e.g. /backups/%1.</source>
        <translation>Den absoluten Pfad der Vollsicherung eingeben, z. B. /backups/%1.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a folder: give the full snapshot&apos;s file in it, e.g. %2.</source>
        <translation>„%1“ ist ein Ordner: die Datei der Vollsicherung darin angeben, z. B. %2.</translation>
    </message>
    <message>
        <source>Endpoint: write it as http://HOST[:PORT] or https://HOST[:PORT], or leave it empty for AWS.</source>
        <translation>Endpunkt: als http://HOST[:PORT] oder https://HOST[:PORT] eingeben, oder für AWS leer lassen.</translation>
    </message>
    <message>
        <source>Bucket: give the bucket&apos;s name.</source>
        <translation>Bucket: den Namen des Buckets angeben.</translation>
    </message>
    <message>
        <source>Bucket: &apos;%1&apos; is not a bucket name; a path inside the bucket goes into the chain&apos;s key.</source>
        <translation>Bucket: „%1“ ist kein Bucket-Name; ein Pfad im Bucket gehört in den Schlüssel der Kette.</translation>
    </message>
    <message>
        <source>Chain key: give the object of the full snapshot, e.g. tidemark/%1.</source>
        <translation>Schlüssel der Kette: das Objekt der Vollsicherung angeben, z. B. tidemark/%1.</translation>
    </message>
    <message>
        <source>Chain key: &apos;%1&apos; ends with &apos;/&apos;, a folder; add the full snapshot&apos;s name, e.g. %1%2.</source>
        <translation>Schlüssel der Kette: „%1“ endet auf „/“, ein Ordner; den Namen der Vollsicherung anhängen, z. B. %1%2.</translation>
    </message>
    <message>
        <source>Secret key: give the access key&apos;s secret key too, or leave both empty.</source>
        <translation>Geheimer Schlüssel: auch den geheimen Schlüssel zum Zugriffsschlüssel angeben, oder beide leer lassen.</translation>
    </message>
    <message>
        <source>Access key: give the access key id of this secret key, or leave both empty.</source>
        <translation>Zugriffsschlüssel: die Kennung des Zugriffsschlüssels zu diesem geheimen Schlüssel angeben, oder beide leer lassen.</translation>
    </message>
    <message>
        <source>%1 (incrementals: %2.0, %2.1, …)</source>
        <translation>%1 (inkrementelle: %2.0, %2.1, …)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Backup chain of %1: the full snapshot&apos;s file (new or existing)</source>
        <translation>Sicherungskette von %1: die Datei der Vollsicherung (neu oder vorhanden)</translation>
    </message>
    <message>
        <source>Checking the system keyring…</source>
        <translation>Schlüsselbund des Systems wird geprüft…</translation>
    </message>
    <message>
        <source>The secret key is kept in the system keyring (service &quot;%1&quot;).</source>
        <translation>Der geheime Schlüssel wird im Schlüsselbund des Systems gespeichert (Dienst „%1“).</translation>
    </message>
    <message>
        <source>⚠ %1 The secret key will not be stored: it serves until Tidemark quits; then Tidemark uses AWS_SECRET_ACCESS_KEY or ~/.aws/credentials instead. Or keep it in the token file:</source>
        <translation>⚠ %1 Der geheime Schlüssel wird nicht gespeichert: er gilt, bis Tidemark beendet wird; danach nimmt Tidemark stattdessen AWS_SECRET_ACCESS_KEY oder ~/.aws/credentials. Oder ihn in der Token-Datei speichern:</translation>
    </message>
    <message>
        <source>Listing %1…</source>
        <translation>%1 wird aufgelistet…</translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
    <message>
        <source>✔ OK: nothing under %1 yet; the first backup starts the chain there.</source>
        <translation>✔ OK: unter %1 liegt noch nichts; die erste Sicherung beginnt dort die Kette.</translation>
    </message>
    <message numerus="yes">
        <source>✔ OK: %n object(s) under %1.</source>
        <translation>
            <numerusform>✔ OK: %n Objekt unter %1.</numerusform>
            <numerusform>✔ OK: %n Objekte unter %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Encrypt the new chain with a passphrase</source>
        <translation>Neue Kette mit einer Passphrase &amp;verschlüsseln</translation>
    </message>
    <message>
        <source>The links are encrypted (XChaCha20-Poly1305) with a key that this passphrase opens; reading or restoring the chain asks for it. A location that holds a chain already keeps what it is.</source>
        <translation>Die Glieder werden (XChaCha20-Poly1305) mit einem Schlüssel verschlüsselt, den diese Passphrase öffnet; Lesen oder Wiederherstellen der Kette fragt nach ihr. Ein Speicherort, der bereits eine Kette enthält, bleibt, wie er ist.</translation>
    </message>
    <message>
        <source>Pass&amp;phrase:</source>
        <translation>Pass&amp;phrase:</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>&amp;Wiederholen:</translation>
    </message>
    <message>
        <source>Keep it safe: without it (or another key added with tidemark-cli key add) the chain cannot be read. Unlock… can remember it in the system keyring.</source>
        <translation>Bewahren Sie sie sicher auf: ohne sie (oder einen weiteren mit tidemark-cli key add hinzugefügten Schlüssel) ist die Kette nicht lesbar. „Entsperren…“ kann sie im Schlüsselbund des Systems speichern.</translation>
    </message>
    <message>
        <source>the passphrase given for the new chain</source>
        <translation>die für die neue Kette angegebene Passphrase</translation>
    </message>
    <message>
        <source>Encryption: type the new chain&apos;s passphrase twice.</source>
        <translation>Verschlüsselung: geben Sie die Passphrase der neuen Kette zweimal ein.</translation>
    </message>
    <message>
        <source>Encryption: the two passphrases differ.</source>
        <translation>Verschlüsselung: die beiden Passphrasen unterscheiden sich.</translation>
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
    <message>
        <source>&amp;Catalog of the chain&apos;s folder…</source>
        <translation>&amp;Katalog des Ordners der Kette…</translation>
    </message>
    <message>
        <source>Re&amp;tention…</source>
        <translation>&amp;Aufbewahrung…</translation>
    </message>
    <message>
        <source>&amp;Schedule of the node…</source>
        <translation>&amp;Zeitplan des Knotens…</translation>
    </message>
    <message>
        <source>Job &amp;history…</source>
        <translation>Auftrags&amp;verlauf…</translation>
    </message>
    <message>
        <source>&amp;Show Tidemark</source>
        <translation>Tidemark &amp;anzeigen</translation>
    </message>
    <message>
        <source>A scheduled backup failed: see the log.</source>
        <translation>Eine geplante Sicherung ist fehlgeschlagen: siehe Protokoll.</translation>
    </message>
    <message>
        <source>Asking whether a systemd user manager runs…</source>
        <translation>Es wird geprüft, ob eine systemd-Benutzerinstanz läuft…</translation>
    </message>
    <message>
        <source>Schedules run by systemd timers</source>
        <translation>Zeitpläne laufen über systemd-Timer</translation>
    </message>
    <message>
        <source>Schedules run by Tidemark while it is open (no systemd user manager)</source>
        <translation>Zeitpläne laufen über Tidemark, solange es geöffnet ist (keine systemd-Benutzerinstanz)</translation>
    </message>
    <message>
        <source>Tidemark keeps running</source>
        <translation>Tidemark läuft weiter</translation>
    </message>
    <message>
        <source>Tidemark runs your schedules while it is open, as no systemd user manager runs here: it stays in the tray. Quit it from the tray icon&apos;s menu.</source>
        <translation>Tidemark führt Ihre Zeitpläne aus, solange es geöffnet ist, da hier keine systemd-Benutzerinstanz läuft: es bleibt im Infobereich. Beenden Sie es über das Menü seines Symbols im Infobereich.</translation>
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
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Incremental forever: once a chain holds this many links, the next backup first rolls it onto a synthetic full (made from the chain, not the node) in a new chain beside it, named after the location and the time, and goes on there.</source>
        <translation>Dauerhaft inkrementell: sobald eine Kette so viele Glieder enthält, überführt die nächste Sicherung sie zuerst in eine synthetische Vollsicherung (aus der Kette erzeugt, nicht vom Knoten) in einer neuen Kette daneben, benannt nach dem Speicherort und der Zeit, und macht dort weiter.</translation>
    </message>
    <message>
        <source>&amp;Max links per chain (incremental forever):</source>
        <translation>&amp;Max. Glieder je Kette (dauerhaft inkrementell):</translation>
    </message>
    <message>
        <source>N&amp;ode</source>
        <translation>&amp;Knoten</translation>
    </message>
    <message>
        <source>Sc&amp;hedule</source>
        <translation>Zeit&amp;plan</translation>
    </message>
    <message>
        <source>Writing the schedules…</source>
        <translation>Zeitpläne werden geschrieben…</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::NodeStore</name>
    <message>
        <source>The secret key of %1 was not kept: %2 It is used until Tidemark quits; then AWS_SECRET_ACCESS_KEY or ~/.aws/credentials.</source>
        <translation>Der geheime Schlüssel von %1 wurde nicht gespeichert: %2 Er gilt, bis Tidemark beendet wird; danach AWS_SECRET_ACCESS_KEY oder ~/.aws/credentials.</translation>
    </message>
    <message>
        <source>The system keyring holds no secret key for %1: Tidemark uses AWS_SECRET_ACCESS_KEY or ~/.aws/credentials for it; add the location again to keep its keys.</source>
        <translation>Der Schlüsselbund des Systems enthält keinen geheimen Schlüssel für %1: Tidemark nimmt dafür AWS_SECRET_ACCESS_KEY oder ~/.aws/credentials; den Speicherort erneut hinzufügen, um seine Schlüssel zu speichern.</translation>
    </message>
    <message>
        <source>The secret key of %1 cannot be read from the system keyring: %2 Tidemark uses AWS_SECRET_ACCESS_KEY or ~/.aws/credentials for it.</source>
        <translation>Der geheime Schlüssel von %1 ist im Schlüsselbund des Systems nicht lesbar: %2 Tidemark nimmt dafür AWS_SECRET_ACCESS_KEY oder ~/.aws/credentials.</translation>
    </message>
    <message>
        <source>Checking the system keyring for the auth token…</source>
        <translation>Der Schlüsselbund des Systems wird für das Auth-Token geprüft…</translation>
    </message>
    <message>
        <source>The auth token is kept in the system keyring (service &quot;%1&quot;).</source>
        <translation>Das Auth-Token liegt im Schlüsselbund des Systems (Dienst „%1“).</translation>
    </message>
    <message>
        <source>No system keyring is running: the auth token is kept in %1, readable by you only.</source>
        <translation>Es läuft kein Schlüsselbund des Systems: das Auth-Token liegt in %1, nur für Sie lesbar.</translation>
    </message>
    <message>
        <source>The auth token of node %1 is kept in the system keyring, which does not answer: %2 Start the keyring, or edit the node and give its token again.</source>
        <translation>Das Auth-Token des Knotens %1 liegt im Schlüsselbund des Systems, der nicht antwortet: %2 Starten Sie den Schlüsselbund, oder bearbeiten Sie den Knoten und geben Sie sein Token erneut an.</translation>
    </message>
    <message>
        <source>The auth token of node %1 cannot be read from the system keyring: %2 Edit the node and give its token again.</source>
        <translation>Das Auth-Token des Knotens %1 ist im Schlüsselbund des Systems nicht lesbar: %2 Bearbeiten Sie den Knoten und geben Sie sein Token erneut an.</translation>
    </message>
    <message>
        <source>it holds none.</source>
        <translation>er enthält keines.</translation>
    </message>
    <message>
        <source>The auth token of node %1 was not kept in the system keyring: %2 It is kept in %3 instead.</source>
        <translation>Das Auth-Token des Knotens %1 wurde nicht im Schlüsselbund des Systems gespeichert: %2 Es liegt stattdessen in %3.</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::NodesPane</name>
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
    <message>
        <source>today %1</source>
        <translation>heute %1</translation>
    </message>
    <message>
        <source>tomorrow %1</source>
        <translation>morgen %1</translation>
    </message>
    <message>
        <source>Schedule %1 removed.</source>
        <translation>Zeitplan %1 entfernt.</translation>
    </message>
    <message>
        <source>Schedule %1 not removed: %2</source>
        <translation>Zeitplan %1 nicht entfernt: %2</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Schedule…</source>
        <translation>&amp;Zeitplan…</translation>
    </message>
    <message>
        <source>Job &amp;history…</source>
        <translation>Auftrags&amp;verlauf…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>%1: ✖ %2</source>
        <translation>%1: ✖ %2</translation>
    </message>
    <message>
        <source>%1 (%2), %3: next run %4</source>
        <translation>%1 (%2), %3: nächster Lauf %4</translation>
    </message>
    <message>
        <source>; it has not run yet</source>
        <translation>; noch nicht gelaufen</translation>
    </message>
    <message>
        <source>; last run %1 %2: %3</source>
        <translation>; letzter Lauf %1 %2: %3</translation>
    </message>
    <message>
        <source>✔</source>
        <translation>✔</translation>
    </message>
    <message>
        <source>✖ failed</source>
        <translation>✖ fehlgeschlagen</translation>
    </message>
    <message>
        <source>; ⚠ overdue (no good backup for %1)</source>
        <translation>; ⚠ überfällig (seit %1 keine erfolgreiche Sicherung)</translation>
    </message>
    <message>
        <source>scheduled backup running now</source>
        <translation>geplante Sicherung läuft gerade</translation>
    </message>
    <message>
        <source>next backup %1</source>
        <translation>nächste Sicherung %1</translation>
    </message>
    <message>
        <source>✖ schedule does not read</source>
        <translation>✖ Zeitplan nicht lesbar</translation>
    </message>
    <message>
        <source>last ✔ %1</source>
        <translation>zuletzt ✔ %1</translation>
    </message>
    <message>
        <source>last ✖ failed %1</source>
        <translation>zuletzt ✖ fehlgeschlagen %1</translation>
    </message>
    <message>
        <source>⚠ overdue</source>
        <translation>⚠ überfällig</translation>
    </message>
    <message>
        <source>Its schedules are removed.</source>
        <translation>Seine Zeitpläne werden entfernt.</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::OnlineRestoreWizard</name>
    <message>
        <source>the full snapshot</source>
        <translation>der Vollsicherung</translation>
    </message>
    <message>
        <source>link %1</source>
        <translation>Glied %1</translation>
    </message>
    <message>
        <source>import</source>
        <translation>importieren</translation>
    </message>
    <message>
        <source>skip</source>
        <translation>überspringen</translation>
    </message>
    <message>
        <source>replace</source>
        <translation>ersetzen</translation>
    </message>
    <message>
        <source>Restore database %1 into a running node</source>
        <translation>Datenbank %1 in einen laufenden Knoten wiederherstellen</translation>
    </message>
    <message>
        <source>Where to restore %1</source>
        <translation>Wohin %1 wiederhergestellt wird</translation>
    </message>
    <message>
        <source>From %1 at %2. The node keeps serving reads and writes; nothing changes on it before you have seen the plan.</source>
        <translation>Aus %1 vom %2. Der Knoten bedient weiterhin Lese- und Schreibzugriffe; auf ihm ändert sich nichts, bevor Sie den Plan gesehen haben.</translation>
    </message>
    <message>
        <source>No %1 node is in the nodes list: add the node to restore into first.</source>
        <translation>In der Knotenliste ist kein %1-Knoten: zuerst den Knoten hinzufügen, in den wiederhergestellt werden soll.</translation>
    </message>
    <message>
        <source>The database&apos;s name on the node (tidemark-cli restore --as).</source>
        <translation>Der Name der Datenbank auf dem Knoten (tidemark-cli restore --as).</translation>
    </message>
    <message>
        <source>Fail: change nothing</source>
        <translation>Fehlschlagen: nichts ändern</translation>
    </message>
    <message>
        <source>Skip: keep what the node has, import the rest</source>
        <translation>Überspringen: behalten, was der Knoten hat, den Rest importieren</translation>
    </message>
    <message>
        <source>Replace: the chain&apos;s copy replaces the node&apos;s</source>
        <translation>Ersetzen: die Kopie der Kette ersetzt die des Knotens</translation>
    </message>
    <message>
        <source>Replace is not offered: %1</source>
        <translation>Ersetzen wird nicht angeboten: %1</translation>
    </message>
    <message>
        <source>When the database, or a shard of it for the same time range, exists on the node (tidemark-cli restore --on-conflict).</source>
        <translation>Wenn die Datenbank oder ein Shard von ihr für denselben Zeitraum auf dem Knoten existiert (tidemark-cli restore --on-conflict).</translation>
    </message>
    <message>
        <source>&amp;Node:</source>
        <translation>&amp;Knoten:</translation>
    </message>
    <message>
        <source>&amp;Name on the node:</source>
        <translation>&amp;Name auf dem Knoten:</translation>
    </message>
    <message>
        <source>If it &amp;exists:</source>
        <translation>Falls sie &amp;existiert:</translation>
    </message>
    <message>
        <source>The plan</source>
        <translation>Der Plan</translation>
    </message>
    <message>
        <source>What the restore will do. Nothing has changed on the node yet.</source>
        <translation>Was die Wiederherstellung tun wird. Auf dem Knoten hat sich noch nichts geändert.</translation>
    </message>
    <message>
        <source>Shard</source>
        <translation>Shard</translation>
    </message>
    <message>
        <source>Retention policy</source>
        <translation>Retention Policy</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Wiederherstellung</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>%1
Hint: %2</source>
        <translation>%1
Hinweis: %2</translation>
    </message>
    <message>
        <source>Conflict (exit code %1): the node has what the restore would create, and the policy is to fail. Nothing was changed on the node. Go back and choose another name, or skip what exists.

%2</source>
        <translation>Konflikt (Exit-Code %1): der Knoten hat, was die Wiederherstellung anlegen würde, und die Regel ist, fehlzuschlagen. Auf dem Knoten wurde nichts geändert. Zurückgehen und einen anderen Namen wählen oder überspringen, was existiert.

%2</translation>
    </message>
    <message>
        <source>Reading %1 and asking %2…</source>
        <translation>Liest %1 und fragt %2…</translation>
    </message>
    <message>
        <source>%1 bytes, from %2</source>
        <translation>%1 Bytes, aus %2</translation>
    </message>
    <message>
        <source>%1 of %2 shards into database &lt;b&gt;%3&lt;/b&gt; on %4: %5 to import.</source>
        <translation>%1 von %2 Shards in Datenbank &lt;b&gt;%3&lt;/b&gt; auf %4: %5 zu importieren.</translation>
    </message>
    <message>
        <source>The same restore: &lt;code&gt;%1&lt;/code&gt;</source>
        <translation>Dieselbe Wiederherstellung: &lt;code&gt;%1&lt;/code&gt;</translation>
    </message>
    <message>
        <source>Every shard is skipped: nothing to restore.</source>
        <translation>Jeder Shard wird übersprungen: nichts wiederherzustellen.</translation>
    </message>
    <message>
        <source>Restoring %1 into %2…</source>
        <translation>Stellt %1 in %2 wieder her…</translation>
    </message>
    <message>
        <source>Restored database %1 of %2 (%3) into %4 as %5: shards: %6, %7.</source>
        <translation>Datenbank %1 von %2 (%3) in %4 als %5 wiederhergestellt: Shards: %6, %7.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>The restore of %1 into %2 was cancelled; the node keeps what it had.</source>
        <translation>Die Wiederherstellung von %1 in %2 wurde abgebrochen; der Knoten behält, was er hatte.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>The restore failed; the node keeps serving what it had.</source>
        <translation>Die Wiederherstellung ist fehlgeschlagen; der Knoten stellt weiterhin bereit, was er hatte.</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::PointCountJob</name>
    <message>
        <source>Points of %1 in %2 over time</source>
        <translation>Punkte von %1 in %2 im Zeitverlauf</translation>
    </message>
    <message>
        <source>No time range to count the points of %1 in.</source>
        <translation>Kein Zeitraum, in dem die Punkte von %1 gezählt werden könnten.</translation>
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
    <message>
        <source>Give the path of a chain&apos;s full snapshot, e.g. /backups/node1, or an S3 chain, s3://BUCKET/KEY.</source>
        <translation>Den Pfad der Vollsicherung einer Kette angeben, z. B. /backups/node1, oder eine S3-Kette, s3://BUCKET/SCHLÜSSEL.</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::RestoreConfigPage</name>
    <message>
        <source>2. The node to restore into</source>
        <translation>2. Der Zielknoten</translation>
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
    <message numerus="yes">
        <source>%1 (%n link(s), %2) is now in %3, owned by %4.</source>
        <translation>
            <numerusform>%1 (%n Glied, %2) liegt jetzt in %3, Eigentümer %4.</numerusform>
            <numerusform>%1 (%n Glieder, %2) liegt jetzt in %3, Eigentümer %4.</numerusform>
        </translation>
    </message>
    <message>
        <source>The broker index is %1.</source>
        <translation>Der Broker-Index ist %1.</translation>
    </message>
    <message>
        <source>Next steps:
1. Start the node with the command below.
2. Check it: tidemark-cli node-info shows its index.
3. Take a new full backup: the restored node continues its index.</source>
        <translation>Nächste Schritte:
1. Den Knoten mit dem Befehl unten starten.
2. Prüfen: tidemark-cli node-info zeigt seinen Index.
3. Eine neue Vollsicherung anlegen: der wiederhergestellte Knoten zählt seinen Index weiter.</translation>
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
<context>
    <name>tidemark::ui::RetentionDialog</name>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>&amp;Save as this node&apos;s policy</source>
        <translation>Als &amp;Richtlinie dieses Knotens speichern</translation>
    </message>
    <message>
        <source>&amp;Prune now</source>
        <translation>Jetzt &amp;bereinigen</translation>
    </message>
    <message>
        <source>Retention for %1 — %2</source>
        <translation>Aufbewahrung für %1 — %2</translation>
    </message>
    <message>
        <source>Retention — %1</source>
        <translation>Aufbewahrung — %1</translation>
    </message>
    <message>
        <source>Keep &amp;last:</source>
        <translation>&amp;Letzte behalten:</translation>
    </message>
    <message>
        <source>The N newest points.</source>
        <translation>Die N neuesten Zeitpunkte.</translation>
    </message>
    <message>
        <source>Keep &amp;hourly:</source>
        <translation>&amp;Stündlich behalten:</translation>
    </message>
    <message>
        <source>The newest point of each of the N latest hours with one.</source>
        <translation>Der neueste Zeitpunkt jeder der N letzten Stunden, die einen haben.</translation>
    </message>
    <message>
        <source>Keep &amp;daily:</source>
        <translation>&amp;Täglich behalten:</translation>
    </message>
    <message>
        <source>The newest point of each of the N latest days with one.</source>
        <translation>Der neueste Zeitpunkt jedes der N letzten Tage, die einen haben.</translation>
    </message>
    <message>
        <source>Keep &amp;weekly:</source>
        <translation>&amp;Wöchentlich behalten:</translation>
    </message>
    <message>
        <source>The newest point of each of the N latest ISO weeks with one.</source>
        <translation>Der neueste Zeitpunkt jeder der N letzten ISO-Wochen, die einen haben.</translation>
    </message>
    <message>
        <source>Keep &amp;monthly:</source>
        <translation>&amp;Monatlich behalten:</translation>
    </message>
    <message>
        <source>The newest point of each of the N latest months with one.</source>
        <translation>Der neueste Zeitpunkt jedes der N letzten Monate, die einen haben.</translation>
    </message>
    <message>
        <source>Keep &amp;yearly:</source>
        <translation>&amp;Jährlich behalten:</translation>
    </message>
    <message>
        <source>The newest point of each of the N latest years with one.</source>
        <translation>Der neueste Zeitpunkt jedes der N letzten Jahre, die einen haben.</translation>
    </message>
    <message>
        <source>off: no such rule; all: every period.</source>
        <translation>aus: keine solche Regel; alle: jeder Zeitraum.</translation>
    </message>
    <message>
        <source>off; or e.g. 30d, 1y6m, 2d12h</source>
        <translation>aus; oder z. B. 30d, 1y6m, 2d12h</translation>
    </message>
    <message>
        <source>Keep every point within this span before the newest point (years, months, days, hours).</source>
        <translation>Behält jeden Zeitpunkt innerhalb dieser Zeitspanne vor dem neuesten Zeitpunkt (Jahre, Monate, Tage, Stunden: y, m, d, h).</translation>
    </message>
    <message>
        <source>Keep &amp;within:</source>
        <translation>Alles &amp;innerhalb behalten:</translation>
    </message>
    <message>
        <source>Whose chains the rules apply to (prune&apos;s --node): each node&apos;s points are kept apart.</source>
        <translation>Für wessen Ketten die Regeln gelten (--node von prune): die Zeitpunkte jedes Knotens werden getrennt betrachtet.</translation>
    </message>
    <message>
        <source>&amp;Chains of:</source>
        <translation>&amp;Ketten von:</translation>
    </message>
    <message>
        <source>Every link of a chain is a point in time (the chain restored up to it). Per node, each rule keeps the newest point of each of its N latest periods that have one (local time). A chain is removed only when none of its points is kept; never the newest chain of a node, one a backup is writing, or one whose times cannot be read (an encrypted chain needs its key).</source>
        <translation>Jedes Glied einer Kette ist ein Zeitpunkt (die bis zu ihm wiederhergestellte Kette). Je Knoten behält jede Regel den neuesten Zeitpunkt jedes ihrer N letzten Zeiträume, die einen haben (Ortszeit). Eine Kette wird nur entfernt, wenn keiner ihrer Zeitpunkte behalten wird; nie die neueste Kette eines Knotens, eine, die gerade eine Sicherung schreibt, oder eine, deren Zeiten nicht lesbar sind (eine verschlüsselte Kette braucht ihren Schlüssel).</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>Kette</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Erster</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Letzter</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>Glieder</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Prune would</source>
        <translation>Bereinigung würde</translation>
    </message>
    <message>
        <source>&amp;Apply after each backup of %1</source>
        <translation>Nach jeder Sicherung von %1 &amp;anwenden</translation>
    </message>
    <message>
        <source>&amp;Apply after each backup</source>
        <translation>Nach jeder Sicherung &amp;anwenden</translation>
    </message>
    <message>
        <source>After each backup that wrote a link, prune the folder of its chain with this policy (the node&apos;s chains only); it shows in the jobs panel.</source>
        <translation>Nach jeder Sicherung, die ein Glied geschrieben hat, den Ordner ihrer Kette mit dieser Richtlinie bereinigen (nur die Ketten des Knotens); das erscheint bei den Aufträgen.</translation>
    </message>
    <message>
        <source>Keep these rules in the node&apos;s settings (and whether they apply after each backup).</source>
        <translation>Speichert diese Regeln in den Einstellungen des Knotens (und ob sie nach jeder Sicherung angewandt werden).</translation>
    </message>
    <message>
        <source>Remove the chains marked &quot;remove&quot; now (asks first).</source>
        <translation>Entfernt jetzt die mit „entfernen“ markierten Ketten (fragt vorher nach).</translation>
    </message>
    <message>
        <source>Reading %1 (%2 of %3)…</source>
        <translation>%1 wird gelesen (%2 von %3)…</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Listing %1…</source>
        <translation>%1 wird aufgelistet…</translation>
    </message>
    <message>
        <source>every node</source>
        <translation>allen Knoten</translation>
    </message>
    <message>
        <source>Keep within</source>
        <translation>„Alles innerhalb behalten“</translation>
    </message>
    <message>
        <source>keep (%1)</source>
        <translation>behalten (%1)</translation>
    </message>
    <message>
        <source>remove</source>
        <translation>entfernen</translation>
    </message>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Reading the chains…</source>
        <translation>Ketten werden gelesen…</translation>
    </message>
    <message>
        <source>The chains could not be read: nothing to preview.</source>
        <translation>Die Ketten konnten nicht gelesen werden: keine Vorschau möglich.</translation>
    </message>
    <message>
        <source>Keep within does not parse: nothing to preview.</source>
        <translation>„Alles innerhalb behalten“ ist ungültig: keine Vorschau möglich.</translation>
    </message>
    <message>
        <source>No rule is set: set at least one to see which chains a prune would remove.</source>
        <translation>Keine Regel gesetzt: mindestens eine setzen, um zu sehen, welche Ketten eine Bereinigung entfernen würde.</translation>
    </message>
    <message>
        <source>Prune now would remove nothing: every chain keeps a point (%1).</source>
        <translation>„Jetzt bereinigen“ würde nichts entfernen: jede Kette behält einen Zeitpunkt (%1).</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Prune now would remove %n chain(s) and free %1&lt;/b&gt; (%2).</source>
        <translation>
            <numerusform>&lt;b&gt;„Jetzt bereinigen“ würde %n Kette entfernen und %1 freigeben&lt;/b&gt; (%2).</numerusform>
            <numerusform>&lt;b&gt;„Jetzt bereinigen“ würde %n Ketten entfernen und %1 freigeben&lt;/b&gt; (%2).</numerusform>
        </translation>
    </message>
    <message>
        <source>The same from the command line (--dry-run shows this preview): %1</source>
        <translation>Dasselbe im Terminal (--dry-run zeigt diese Vorschau): %1</translation>
    </message>
    <message>
        <source>No node is selected: the rules can be used here, not saved.</source>
        <translation>Kein Knoten gewählt: die Regeln lassen sich hier verwenden, aber nicht speichern.</translation>
    </message>
    <message>
        <source>%1 has no policy saved.</source>
        <translation>Für %1 ist keine Richtlinie gespeichert.</translation>
    </message>
    <message>
        <source>Saved for %1: %2, applied after each backup.</source>
        <translation>Für %1 gespeichert: %2, angewandt nach jeder Sicherung.</translation>
    </message>
    <message>
        <source>Saved for %1: %2.</source>
        <translation>Für %1 gespeichert: %2.</translation>
    </message>
    <message>
        <source>Prune now</source>
        <translation>Jetzt bereinigen</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n chain(s) from %1 and free %2? Their files are deleted; this cannot be undone.</source>
        <translation>
            <numerusform>%n Kette aus %1 entfernen und %2 freigeben? Ihre Dateien werden gelöscht; das lässt sich nicht rückgängig machen.</numerusform>
            <numerusform>%n Ketten aus %1 entfernen und %2 freigeben? Ihre Dateien werden gelöscht; das lässt sich nicht rückgängig machen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tidemark::ui::ScheduleRunner</name>
    <message>
        <source>A schedule does not read, so Tidemark does not run it: %1</source>
        <translation>Ein Zeitplan ist nicht lesbar, daher führt Tidemark ihn nicht aus: %1</translation>
    </message>
    <message>
        <source>Scheduled backup %1 done.</source>
        <translation>Geplante Sicherung %1 erledigt.</translation>
    </message>
    <message>
        <source>Scheduled backup %1 done: %2</source>
        <translation>Geplante Sicherung %1 erledigt: %2</translation>
    </message>
    <message>
        <source>the CLI stopped (%1)</source>
        <translation>die CLI ist abgebrochen (%1)</translation>
    </message>
    <message>
        <source>Scheduled backup %1 failed (exit code %2): %3</source>
        <translation>Geplante Sicherung %1 fehlgeschlagen (Exit-Code %2): %3</translation>
    </message>
    <message>
        <source>cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <source>Scheduled backup %1 failed: %2</source>
        <translation>Geplante Sicherung %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Scheduled backup %1 started (no systemd user manager: Tidemark runs it).</source>
        <translation>Geplante Sicherung %1 gestartet (keine systemd-Benutzerinstanz: Tidemark führt sie aus).</translation>
    </message>
    <message>
        <source>Overdue check: %1</source>
        <translation>Prüfung auf Überfälligkeit: %1</translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>Exit-Code %1</translation>
    </message>
    <message>
        <source>Overdue check: cannot start %1: %2</source>
        <translation>Prüfung auf Überfälligkeit: %1 kann nicht gestartet werden: %2</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::ScheduleTab</name>
    <message>
        <source>%1 (in %2); %3</source>
        <translation>%1 (in %2); %3</translation>
    </message>
    <message>
        <source>Schedule of %1: %2</source>
        <translation>Zeitplan von %1: %2</translation>
    </message>
    <message>
        <source>Schedule %1 removed (%2).</source>
        <translation>Zeitplan %1 entfernt (%2).</translation>
    </message>
    <message>
        <source>&amp;Back up this location on a schedule</source>
        <translation>Diesen Speicherort nach &amp;Zeitplan sichern</translation>
    </message>
    <message>
        <source>and when the last verify is a &amp;week old</source>
        <translation>und wenn die letzte Prüfung eine &amp;Woche alt ist</translation>
    </message>
    <message>
        <source>&amp;Desktop notification when a run fails or the backups are overdue</source>
        <translation>&amp;Desktop-Benachrichtigung, wenn ein Lauf fehlschlägt oder die Sicherungen überfällig sind</translation>
    </message>
    <message>
        <source>The timers of your systemd user manager run this schedule, also while Tidemark is closed (until you log out, unless lingering is on).</source>
        <translation>Die Timer Ihrer systemd-Benutzerinstanz führen diesen Zeitplan aus, auch wenn Tidemark geschlossen ist (bis Sie sich abmelden, außer wenn Lingering eingeschaltet ist).</translation>
    </message>
    <message>
        <source>No systemd user manager runs here: Tidemark itself runs the schedules that are due while it is open (minimised to the tray).</source>
        <translation>Hier läuft keine systemd-Benutzerinstanz: Tidemark selbst führt fällige Zeitpläne aus, solange es geöffnet ist (minimiert im Infobereich).</translation>
    </message>
    <message>
        <source>Asking whether a systemd user manager runs…</source>
        <translation>Es wird geprüft, ob eine systemd-Benutzerinstanz läuft…</translation>
    </message>
    <message>
        <source>This node has no backup location yet. Add one with Add location… in the main window; then its backups can run on a schedule here.</source>
        <translation>Dieser Knoten hat noch keinen Speicherort. Einen mit „Ort hinzufügen…“ im Hauptfenster anlegen; dann können seine Sicherungen hier nach Zeitplan laufen.</translation>
    </message>
    <message>
        <source>Every N hours</source>
        <translation>Alle N Stunden</translation>
    </message>
    <message>
        <source>Daily</source>
        <translation>Täglich</translation>
    </message>
    <message>
        <source>Weekly</source>
        <translation>Wöchentlich</translation>
    </message>
    <message>
        <source>Calendar expression</source>
        <translation>Kalenderausdruck</translation>
    </message>
    <message>
        <source>every </source>
        <translation>alle </translation>
    </message>
    <message>
        <source> h, from midnight</source>
        <translation> h, ab Mitternacht</translation>
    </message>
    <message>
        <source>e.g. Mon..Fri *-*-* 02:00 (man 7 systemd.time)</source>
        <translation>z. B. Mon..Fri *-*-* 02:00 (man 7 systemd.time)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>How many times a failed backup runs again, waiting the delay between runs.</source>
        <translation>Wie oft eine fehlgeschlagene Sicherung erneut läuft; zwischen den Läufen wird die angegebene Zeit gewartet.</translation>
    </message>
    <message>
        <source>after </source>
        <translation>nach </translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;Prune the location with the node&apos;s retention policy</source>
        <translation>Den Speicherort mit der Aufbewahrungsrichtlinie des Knotens &amp;bereinigen</translation>
    </message>
    <message>
        <source>not by count</source>
        <translation>nicht nach Anzahl</translation>
    </message>
    <message>
        <source> good backups</source>
        <translation> erfolgreichen Sicherungen</translation>
    </message>
    <message>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <source>default: %1 h</source>
        <translation>Standard: %1 h</translation>
    </message>
    <message>
        <source>Alert when the newest good backup is older than this.</source>
        <translation>Warnen, wenn die neueste erfolgreiche Sicherung älter als diese Zeitspanne ist.</translation>
    </message>
    <message>
        <source>optional: https://ntfy.example/backups</source>
        <translation>optional: https://ntfy.example/backups</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Alertmanager</source>
        <translation>Alertmanager</translation>
    </message>
    <message>
        <source>optional: /var/lib/prometheus/node-exporter/tidemark.prom</source>
        <translation>optional: /var/lib/prometheus/node-exporter/tidemark.prom</translation>
    </message>
    <message>
        <source>A Prometheus text file (node_exporter&apos;s textfile collector) written after each run: the last result, the newest good backup and its size.</source>
        <translation>Eine Prometheus-Textdatei (Textfile-Collector von node_exporter), nach jedem Lauf geschrieben: das letzte Ergebnis, die neueste erfolgreiche Sicherung und ihre Größe.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>&amp;Runs:</source>
        <translation>&amp;Ausführung:</translation>
    </message>
    <message>
        <source>Next run:</source>
        <translation>Nächster Lauf:</translation>
    </message>
    <message>
        <source>Re&amp;tries of a failed backup:</source>
        <translation>Wiederholungen einer &amp;fehlgeschlagenen Sicherung:</translation>
    </message>
    <message>
        <source>After each good backup</source>
        <translation>Nach jeder erfolgreichen Sicherung</translation>
    </message>
    <message>
        <source>&amp;Verify the chain:</source>
        <translation>Kette p&amp;rüfen:</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>without a good backup</source>
        <translation>ohne erfolgreiche Sicherung</translation>
    </message>
    <message>
        <source>&amp;Overdue after:</source>
        <translation>Überfällig &amp;nach:</translation>
    </message>
    <message>
        <source>&amp;Webhook:</source>
        <translation>Web&amp;hook:</translation>
    </message>
    <message>
        <source>&amp;Metrics file:</source>
        <translation>&amp;Metrikdatei:</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>&amp;Speicherort:</translation>
    </message>
    <message>
        <source>A scheduled backup takes every database of the node, not only %1.</source>
        <translation>Eine geplante Sicherung nimmt jede Datenbank des Knotens, nicht nur %1.</translation>
    </message>
    <message>
        <source>Reading the schedules…</source>
        <translation>Zeitpläne werden gelesen…</translation>
    </message>
    <message>
        <source>This node has no retention policy yet: Retention… → Save as this node&apos;s policy.</source>
        <translation>Dieser Knoten hat noch keine Aufbewahrungsrichtlinie: Aufbewahrung… → „Als Richtlinie dieses Knotens speichern“.</translation>
    </message>
    <message>
        <source>Write a calendar expression.</source>
        <translation>Einen Kalenderausdruck eingeben.</translation>
    </message>
    <message>
        <source>The definition of %1 does not read: %2 Saving replaces it.</source>
        <translation>Die Definition von %1 ist nicht lesbar: %2 Speichern ersetzt sie.</translation>
    </message>
    <message>
        <source>OK saves this schedule.</source>
        <translation>„OK“ speichert diesen Zeitplan.</translation>
    </message>
    <message>
        <source>No schedule for this location yet.</source>
        <translation>Für diesen Speicherort gibt es noch keinen Zeitplan.</translation>
    </message>
    <message>
        <source>Schedule %1.</source>
        <translation>Zeitplan %1.</translation>
    </message>
    <message>
        <source>It has not run yet.</source>
        <translation>Er ist noch nicht gelaufen.</translation>
    </message>
    <message>
        <source>Last run ✔ %1 (%2): %3</source>
        <translation>Letzter Lauf ✔ %1 (%2): %3</translation>
    </message>
    <message>
        <source>Last run ✖ failed %1 (%2): %3</source>
        <translation>Letzter Lauf ✖ fehlgeschlagen %1 (%2): %3</translation>
    </message>
    <message>
        <source>A timer cannot read the keyring: the node&apos;s auth token is written to %1, readable by you only.</source>
        <translation>Ein Timer kann den Schlüsselbund nicht lesen: das Auth-Token des Knotens wird nach %1 geschrieben, nur für Sie lesbar.</translation>
    </message>
    <message>
        <source>Schedule of %1: write a calendar expression, e.g. Mon..Fri *-*-* 02:00.</source>
        <translation>Zeitplan von %1: einen Kalenderausdruck eingeben, z. B. Mon..Fri *-*-* 02:00.</translation>
    </message>
    <message>
        <source>and when the last drill is a week old</source>
        <translation>und wenn die letzte Wiederherstellungsprobe eine Woche alt ist</translation>
    </message>
    <message>
        <source>A restore drill (tidemark-cli drill): the chain restored into a scratch directory, a node started on it and every database checked, then everything removed.</source>
        <translation>Eine Wiederherstellungsprobe (tidemark-cli drill): die Kette wird in ein temporäres Verzeichnis wiederhergestellt, darauf ein Knoten gestartet und jede Datenbank geprüft, danach wird alles entfernt.</translation>
    </message>
    <message>
        <source>Restore dr&amp;ill:</source>
        <translation>Wiederherstellungs&amp;probe:</translation>
    </message>
</context>
<context>
    <name>tidemark::ui::UnlockDialog</name>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Key file:</source>
        <translation>&amp;Schlüsseldatei:</translation>
    </message>
    <message>
        <source>&amp;Remember the passphrase in the system keyring</source>
        <translation>Passphrase im Schlüsselbund des Systems &amp;merken</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Entsperren</translation>
    </message>
    <message>
        <source>Unlock encrypted chain</source>
        <translation>Verschlüsselte Kette entsperren</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; is encrypted. Give one of its keys to read it; Tidemark keeps the chain&apos;s key until it quits.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; ist verschlüsselt. Geben Sie einen ihrer Schlüssel an, um sie zu lesen; Tidemark behält den Schlüssel der Kette, bis es beendet wird.</translation>
    </message>
    <message numerus="yes">
        <source>%n passphrase(s)</source>
        <translation>
            <numerusform>%n Passphrase</numerusform>
            <numerusform>%n Passphrasen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key file(s)</source>
        <translation>
            <numerusform>%n Schlüsseldatei</numerusform>
            <numerusform>%n Schlüsseldateien</numerusform>
        </translation>
    </message>
    <message>
        <source>e.g. /etc/tidemark/node1.key</source>
        <translation>z. B. /etc/tidemark/node1.key</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Checking the system keyring…</source>
        <translation>Schlüsselbund des Systems wird geprüft…</translation>
    </message>
    <message>
        <source>Tidemark then unlocks this chain by itself when it starts (keyring service &quot;%1&quot;).</source>
        <translation>Tidemark entsperrt diese Kette dann beim Start von selbst (Schlüsselbund-Dienst „%1“).</translation>
    </message>
    <message>
        <source>⚠ %1 The passphrase is not remembered: after Tidemark restarts, Unlock… asks for it again (it is never written to the settings or the token file).</source>
        <translation>⚠ %1 Die Passphrase wird nicht gespeichert: nach einem Neustart von Tidemark fragt „Entsperren…“ erneut nach ihr (sie wird nie in die Einstellungen oder die Token-Datei geschrieben).</translation>
    </message>
    <message>
        <source>A key file is not copied into the keyring: give it again after a restart.</source>
        <translation>Eine Schlüsseldatei wird nicht in den Schlüsselbund kopiert: geben Sie sie nach einem Neustart erneut an.</translation>
    </message>
    <message>
        <source>Key file of %1</source>
        <translation>Schlüsseldatei von %1</translation>
    </message>
    <message>
        <source>the passphrase typed</source>
        <translation>die eingegebene Passphrase</translation>
    </message>
    <message>
        <source>Checking the key… (a passphrase takes a moment: it is stretched with Argon2id)</source>
        <translation>Der Schlüssel wird geprüft… (eine Passphrase dauert einen Moment: sie wird mit Argon2id gestreckt)</translation>
    </message>
    <message>
        <source>✖ %1</source>
        <translation>✖ %1</translation>
    </message>
    <message>
        <source>✔ Unlocked.</source>
        <translation>✔ Entsperrt.</translation>
    </message>
    <message>
        <source>The passphrase of %1 was not kept in the system keyring: %2 The chain stays unlocked until Tidemark quits.</source>
        <translation>Die Passphrase von %1 wurde nicht im Schlüsselbund des Systems gespeichert: %2 Die Kette bleibt entsperrt, bis Tidemark beendet wird.</translation>
    </message>
    <message>
        <source>Its keys: %1.</source>
        <translation>Ihre Schlüssel: %1.</translation>
    </message>
</context>
</TS>
