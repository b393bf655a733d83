import type { Messages } from './en';

const de: Messages = {
  'app.loading': 'Wird geladen…',
  'app.skip': 'Zu den Fragen springen',
  'app.language': 'Sprache',
  'app.error.title': 'Etwas ist schiefgelaufen',
  'app.error.retry': 'Erneut versuchen',
  'app.source': 'Quellcode dieses Dienstes',

  'invite.title': 'Sie sind zu einem Expertenpanel eingeladen',
  'invite.lead': 'Danke, dass Sie Ihre Einladung öffnen. Dieses Panel sammelt in wenigen kurzen Runden die Einschätzungen von Fachleuten wie Ihnen.',
  'invite.how':
    'Sie bewerten eine Reihe von Aussagen und können einen Kommentar hinzufügen. Zwischen den Runden sehen Sie, wie das Panel insgesamt geantwortet ' +
    'hat, und können Ihre Einschätzung beibehalten oder ändern.',
  'invite.anonymous': 'Andere Teilnehmende sehen nie, wer was gesagt hat.',
  'invite.continue': 'Einladung öffnen',
  'invite.private': 'Dieser Link ist persönlich. Bitte leiten Sie ihn nicht weiter.',

  'welcome.title': 'Willkommen',
  'welcome.aim': 'Worum es in dieser Studie geht',
  'welcome.time': 'Zeitaufwand',
  'welcome.minutes':
    '{n, plural, one {Etwa # Minute pro Runde.} other {Etwa # Minuten pro Runde.}} Sie können jederzeit unterbrechen: Jede Antwort wird sofort gespeichert.',
  'welcome.anonymity': 'Wie Ihre Antworten anonym bleiben',
  'welcome.anonymity.quasi':
    'Andere Teilnehmende sehen weder Ihren Namen noch Ihre einzelnen Antworten, nur Gruppenergebnisse und anonymisierte Kommentare. Das Studienteam ' +
    'kann Ihre Antworten Ihnen zuordnen, um Erinnerungen zu senden und nachzufragen, und behandelt dies vertraulich.',
  'welcome.anonymity.strict':
    'Andere Teilnehmende sehen weder Ihren Namen noch Ihre einzelnen Antworten, nur Gruppenergebnisse und anonymisierte Kommentare. Das Studienteam ' +
    'sieht nur Gruppenergebnisse und wer geantwortet hat, nie Ihre einzelnen Bewertungen.',
  'welcome.small':
    'Gruppenergebnisse werden erst gezeigt, wenn mindestens {k} Teilnehmende geantwortet haben, damit keine Antwort auf Sie zurückgeführt werden kann.',
  'welcome.withdraw.keep': 'Sie können die Studie jederzeit verlassen. Bereits gegebene Antworten bleiben in den anonymen Ergebnissen.',
  'welcome.withdraw.erase': 'Sie können die Studie jederzeit verlassen. Ihre Antworten werden dann gelöscht.',
  'welcome.consent': 'Ich habe dies gelesen und bin mit der Teilnahme einverstanden.',
  'welcome.start': 'Beginnen',

  'round.title': 'Runde {n}',
  'round.closes': 'Offen bis {date}.',
  'round.progress': '{answered} von {total} beantwortet',
  'round.view': 'Anzeige',
  'round.view.one': 'Eine Aussage nach der anderen',
  'round.view.list': 'Alle auf einer Seite',
  'round.item': 'Aussage {n} von {total}',
  'round.previous': 'Zurück',
  'round.next': 'Weiter',
  'round.finish': 'Fertig',
  'round.uncategorised': 'Weitere Aussagen',

  'scale.question': 'Wie sehr stimmen Sie zu?',
  'scale.cannotJudge': 'Das kann ich nicht beurteilen',

  'comment.label': 'Kommentar (freiwillig)',
  'comment.hint': 'Warum haben Sie so geantwortet? Andere Teilnehmende sehen Ihren Kommentar ohne Ihren Namen.',
  'comment.needsRating': 'Ihr Kommentar wird gespeichert, sobald Sie eine Bewertung wählen.',
  'comment.add': 'Kommentar hinzufügen',
  'comment.translated': 'Vom Studienteam übersetzt',
  'comment.showOriginal': 'Original anzeigen ({language})',
  'comment.hideOriginal': 'Original ausblenden',
  'comment.writtenIn': 'Geschrieben auf {language}',

  'save.saved': 'Gespeichert',
  'save.saving': 'Wird gespeichert…',
  'save.waiting': 'Auf diesem Gerät gesichert; wird gesendet, sobald die Verbindung wieder steht.',
  'save.failed': 'Nicht gespeichert: {message}',

  'status.offline': 'Sie sind offline. Ihre Antworten bleiben auf diesem Gerät und werden gesendet, sobald die Verbindung wieder steht.',
  'status.unsent': 'Noch nicht gesendete Antworten: {n}',
  'status.retry': 'Jetzt senden',
  'status.sessionLost': 'Ihre Sitzung ist abgelaufen. Bitte öffnen Sie erneut den Link aus Ihrer Einladung: Ihre Antworten bleiben auf diesem Gerät gesichert.',

  'feedback.title': 'So hat das Panel in Runde {n} geantwortet',
  'feedback.withheld': 'Weniger als {k} Teilnehmende haben diese Aussage bewertet, daher werden die Gruppenantworten zum Schutz kleiner Gruppen nicht gezeigt.',
  'feedback.withheldFew': 'Zu wenige Teilnehmende haben diese Aussage bewertet, daher werden die Gruppenantworten zum Schutz kleiner Gruppen nicht gezeigt.',
  'feedback.median': 'Median',
  'feedback.iqr': 'Mittlere Hälfte der Antworten',
  'feedback.ratings': '{n, plural, one {# Bewertung} other {# Bewertungen}}',
  'feedback.noOpinion': '{n, plural, one {# konnte es nicht beurteilen} other {# konnten es nicht beurteilen}}',
  'feedback.you': 'Sie',
  'feedback.yourAnswer': 'Ihre Antwort: {value}',
  'feedback.yourCannotJudge': 'Ihre Antwort: kann ich nicht beurteilen',
  'feedback.youDidNot': 'Sie haben diese Aussage nicht bewertet.',
  'feedback.comments': 'Kommentare aus dem Panel ({n})',
  'feedback.noComments': 'Keine Kommentare zu dieser Aussage.',
  'feedback.chart': 'Bewertungen von {min} bis {max}: {counts}. Median {median}, mittlere Hälfte der Antworten von {q1} bis {q3}.',
  'feedback.chartMine': 'Ihre vorherige Antwort: {value}.',
  'feedback.keep': 'Meine Antwort beibehalten ({value})',
  'feedback.kept': 'Sie haben Ihre Antwort beibehalten.',
  'feedback.change': 'Oder wählen Sie eine neue Bewertung:',
  'live.intro':
    'Diese Runde läuft in Echtzeit: Sobald Sie eine Aussage bewertet haben, sehen Sie, wie das Panel bisher antwortet, und können Ihre Bewertung bis zum Ende der Runde ändern.',
  'live.title': 'Wie das Panel bisher antwortet',
  'live.basedOn': 'Beruht auf {n} Antworten, wird aktualisiert, wenn weitere eingehen',
  'live.chartMine': 'Ihre Antwort: {value}.',
  'live.commentsLater': 'Kommentare des Panels werden am Ende der Runde gezeigt.',
  'live.revise': 'Sie können Ihre Bewertung oben bis zum Ende der Runde jederzeit ändern.',
  'live.waiting': 'Die Antworten des Panels erscheinen hier, sobald mindestens {k} Teilnehmende geantwortet haben.',
  'live.answerFirst': 'Bewerten Sie diese Aussage, um zu sehen, wie das Panel bisher antwortet.',
  'live.updated': 'Neue Zahlen seit Ihrem letzten Blick',
  'live.changed': 'Geändert seit Ihrem letzten Besuch',

  'end.title': 'Vielen Dank – alle Ihre Antworten sind gespeichert',
  'end.titleSending': 'Vielen Dank – Ihre letzten Antworten werden gerade gesendet',
  'end.body':
    '{n, plural, one {Sie haben die eine Aussage beantwortet.} other {Sie haben alle # Aussagen beantwortet.}} Bis zum Ende der Runde können Sie Ihre Antworten noch ändern.',
  'end.review': 'Meine Antworten ansehen',
  'end.next': 'Wenn die Runde endet, sehen Sie hier, wie das Panel geantwortet hat. Diese Seite aktualisiert sich selbst.',

  'between.title': 'Runde {n} ist abgeschlossen',
  'between.body':
    'Danke für Ihre Teilnahme. Unten sehen Sie, wie das Panel geantwortet hat. Falls es eine weitere Runde gibt, erscheint sie hier, sobald sie beginnt.',
  'between.none': 'Die erste Runde hat noch nicht begonnen.',
  'between.noneBody': 'Sie können antworten, sobald sie beginnt. Diese Seite aktualisiert sich selbst.',

  'ideas.title': 'Ihre Ideen',
  'ideas.lead': 'In dieser Runde sammeln wir Ideen. Fügen Sie so viele hinzu, wie Sie möchten, eine nach der anderen.',
  'ideas.label': 'Ihre Idee',
  'ideas.category': 'Thema (freiwillig)',
  'ideas.anyCategory': 'Beliebiges Thema',
  'ideas.add': 'Idee hinzufügen',
  'ideas.added': 'Ihre Idee wurde hinzugefügt.',
  'ideas.yours': 'Ihre bisherigen Ideen',
  'ideas.none': 'Sie haben noch keine Ideen hinzugefügt.',

  'nosession.title': 'Bitte öffnen Sie Ihren Einladungslink',
  'nosession.body':
    'Um teilzunehmen, öffnen Sie den persönlichen Link aus Ihrer Einladungs-E-Mail. Funktioniert er nicht mehr, bitten Sie das Studienteam um einen neuen.',

  'withdrawn.title': 'Sie haben die Studie verlassen',
  'withdrawn.body': 'Danke für Ihre Zeit. Ihr Link funktioniert nicht mehr.',

  'leave.open': 'Studie verlassen',
  'leave.title': 'Diese Studie verlassen?',
  'leave.confirm': 'Ja, Studie verlassen',
  'leave.cancel': 'Bleiben',

  'optout.title': 'Sie erhalten keine Erinnerungen mehr',
  'optout.body': 'Die E-Mail-Erinnerungen für diese Studie sind jetzt ausgeschaltet. Wir melden uns weiterhin, wenn eine Runde beginnt.',
  'optout.continue': 'Weiter zur Studie',
  'optout.failed': 'Die Erinnerungen konnten nicht ausgeschaltet werden',
  'optout.failedBody': 'Bitte versuchen Sie den Link später noch einmal oder schreiben Sie dem Studienteam.',
  'reminders.label': 'E-Mail-Erinnerungen',
  'reminders.stateOn': 'an',
  'reminders.stateOff': 'aus',
  'reminders.on': 'Wir erinnern Sie vor dem Ende einer Runde, falls Sie noch nicht fertig sind.',
  'reminders.off': 'Keine Erinnerungen. Wir melden uns weiterhin, wenn eine Runde beginnt.',
  'ended.title': 'Die Studie ist beendet — vielen Dank',
  'ended.body': 'Vielen Dank für Ihre Zeit und Ihr Fachwissen. Es folgen keine weiteren Runden. Unten sehen Sie, wie das Panel in Runde {n} geantwortet hat.',
  'ended.bodyNone': 'Vielen Dank für Ihre Zeit und Ihr Fachwissen. Es folgen keine weiteren Runden.',

  'live.offline': 'Nicht verbunden: Diese Seite aktualisiert sich, sobald die Verbindung wieder steht.',

  'rank.title': 'Bringen Sie diese in eine Reihenfolge',
  'rank.help':
    'Das Wichtigste zuerst. Nutzen Sie die Pfeilschaltflächen oder die Pfeiltasten nach oben und unten auf einem ausgewählten Eintrag; Sie können auch ziehen.',
  'rank.helpTop':
    'Setzen Sie Ihre {k} wichtigsten nach oben; der Rest bleibt ohne Rang. Nutzen Sie die Pfeilschaltflächen oder die Pfeiltasten; Sie können auch ziehen.',
  'rank.up': 'Nach oben: {item} (jetzt Platz {n})',
  'rank.down': 'Nach unten: {item} (jetzt Platz {n})',
  'rank.moved': '{item} ist jetzt auf Platz {n} von {total}',
  'rank.unranked': 'Ohne Rang',
  'rank.keep': 'Diese Reihenfolge speichern',
  'rank.panel': 'Die Reihenfolge des Panels in der letzten Runde',
  'rank.meanRank': 'mittlerer Rang {value}',
  'rank.topShare': '{pct} % setzten es unter ihre ersten {k}',
  'rank.withheld': 'Zu wenige Panelmitglieder haben in der letzten Runde gereiht, um die Reihenfolge des Panels zu zeigen.',
};

export default de;
