import type { Messages } from './en';

const it: Messages = {
  'app.loading': 'Caricamento…',
  'app.skip': 'Vai alle domande',
  'app.language': 'Lingua',
  'app.error.title': 'Qualcosa è andato storto',
  'app.error.retry': 'Riprova',
  'app.source': 'Codice sorgente di questo servizio',

  'invite.title': 'È invitata/o a un panel di esperti',
  'invite.lead': 'Grazie per aver aperto l’invito. Questo panel raccoglie, in pochi round brevi, il parere di esperti come lei.',
  'invite.how':
    'Valuta una serie di affermazioni e può aggiungere un commento. Tra un round e l’altro vede come ha risposto il panel nel suo insieme e può mantenere o cambiare la sua opinione.',
  'invite.anonymous': 'Gli altri partecipanti non sanno mai chi ha detto cosa.',
  'invite.continue': 'Apri il mio invito',
  'invite.private': 'Questo link è personale. La preghiamo di non inoltrarlo.',

  'welcome.title': 'Benvenuta, benvenuto',
  'welcome.aim': 'Di che cosa tratta lo studio',
  'welcome.time': 'Tempo necessario',
  'welcome.minutes':
    '{n, plural, one {Circa # minuto per round.} many {Circa # di minuti per round.} other {Circa # minuti per round.}} Può interrompere quando vuole: ogni risposta viene salvata subito.',
  'welcome.anonymity': 'Come restano anonime le sue risposte',
  'welcome.anonymity.quasi':
    'Gli altri partecipanti non vedono mai il suo nome né le sue singole risposte: vedono solo sintesi di gruppo e commenti anonimi. Il gruppo di ricerca può collegare le risposte a lei, per inviare promemoria e ricontattarla, e tratta questa informazione in modo riservato.',
  'welcome.anonymity.strict':
    'Gli altri partecipanti non vedono mai il suo nome né le sue singole risposte: vedono solo sintesi di gruppo e commenti anonimi. Il gruppo di ricerca vede solo i risultati di gruppo e chi ha risposto, mai le sue singole valutazioni.',
  'welcome.small': 'I risultati di gruppo compaiono solo quando hanno risposto almeno {k} partecipanti, così nessuna risposta può essere ricondotta a lei.',
  'welcome.withdraw.keep': 'Può lasciare lo studio in qualsiasi momento. Le risposte già date restano nei risultati anonimi.',
  'welcome.withdraw.erase': 'Può lasciare lo studio in qualsiasi momento. In quel caso le sue risposte vengono cancellate.',
  'welcome.consent': 'Ho letto queste informazioni e accetto di partecipare.',
  'welcome.start': 'Inizia',

  'round.title': 'Round {n}',
  'round.closes': 'Aperto fino a {date}.',
  'round.progress': '{answered} di {total} con risposta',
  'round.view': 'Mostra',
  'round.view.one': 'Una alla volta',
  'round.view.list': 'Tutte in una pagina',
  'round.item': 'Affermazione {n} di {total}',
  'round.previous': 'Indietro',
  'round.next': 'Avanti',
  'round.finish': 'Fine',
  'round.uncategorised': 'Altre affermazioni',

  'scale.question': 'Quanto è d’accordo?',
  'scale.cannotJudge': 'Non sono in grado di giudicare',

  'comment.label': 'Commento (facoltativo)',
  'comment.hint': 'Perché ha risposto così? Gli altri partecipanti vedranno il commento senza il suo nome.',
  'comment.needsRating': 'Il commento viene salvato non appena sceglie una valutazione.',
  'comment.add': 'Aggiungi un commento',

  'save.saved': 'Salvato',
  'save.saving': 'Salvataggio…',
  'save.waiting': 'Conservato su questo dispositivo; verrà inviato quando la connessione torna.',
  'save.failed': 'Non salvato: {message}',

  'status.offline': 'Non è connessa/o. Le risposte restano su questo dispositivo e partono appena la connessione torna.',
  'status.unsent': 'Risposte in attesa di invio: {n}',
  'status.retry': 'Invia ora',
  'status.sessionLost': 'La sessione è scaduta. Apra di nuovo il link dell’invito: le sue risposte restano su questo dispositivo.',

  'feedback.title': 'Come ha risposto il panel nel round {n}',
  'feedback.withheld': 'Meno di {k} partecipanti hanno valutato questa affermazione: le risposte del gruppo sono nascoste per proteggere i gruppi piccoli.',
  'feedback.withheldFew': 'Troppo pochi partecipanti hanno valutato questa affermazione: le risposte del gruppo sono nascoste per proteggere i gruppi piccoli.',
  'feedback.median': 'Mediana',
  'feedback.iqr': 'Metà centrale delle risposte',
  'feedback.ratings': '{n, plural, one {# valutazione} many {# di valutazioni} other {# valutazioni}}',
  'feedback.noOpinion': '{n, plural, one {# non ha potuto giudicare} many {# non hanno potuto giudicare} other {# non hanno potuto giudicare}}',
  'feedback.you': 'Lei',
  'feedback.yourAnswer': 'La sua risposta: {value}',
  'feedback.yourCannotJudge': 'La sua risposta: non so giudicare',
  'feedback.youDidNot': 'Non ha valutato questa affermazione.',
  'feedback.comments': 'Commenti del panel ({n})',
  'feedback.noComments': 'Nessun commento su questa affermazione.',
  'feedback.chart': 'Valutazioni da {min} a {max}: {counts}. Mediana {median}, metà centrale delle risposte da {q1} a {q3}.',
  'feedback.chartMine': 'La sua risposta precedente: {value}.',
  'feedback.keep': 'Mantengo la mia risposta ({value})',
  'feedback.kept': 'Ha mantenuto la sua risposta.',
  'feedback.change': 'Oppure scelga una nuova valutazione:',

  'end.title': 'Grazie: tutte le sue risposte sono salvate',
  'end.titleSending': 'Grazie: le ultime risposte sono in arrivo',
  'end.body':
    '{n, plural, one {Ha risposto all’unica affermazione.} many {Ha risposto a tutte le # affermazioni.} other {Ha risposto a tutte le # affermazioni.}} Può tornare e modificare le risposte fino alla chiusura del round.',
  'end.review': 'Rivedi le mie risposte',
  'end.next': 'Alla chiusura del round vedrà come ha risposto il panel. Questa pagina si aggiorna da sola.',

  'between.title': 'Il round {n} è chiuso',
  'between.body':
    'Grazie per la partecipazione. Qui sotto vede come ha risposto il panel. Se ci sarà un altro round, questa pagina lo mostrerà appena si apre.',
  'between.none': 'Il primo round non è ancora aperto.',
  'between.noneBody': 'Potrà rispondere appena si apre. Questa pagina si aggiorna da sola.',

  'ideas.title': 'Le sue idee',
  'ideas.lead': 'In questo round raccogliamo idee. Ne aggiunga quante vuole, una alla volta.',
  'ideas.label': 'La sua idea',
  'ideas.category': 'Tema (facoltativo)',
  'ideas.anyCategory': 'Qualsiasi tema',
  'ideas.add': 'Aggiungi idea',
  'ideas.added': 'La sua idea è stata aggiunta.',
  'ideas.yours': 'Idee che ha aggiunto',
  'ideas.none': 'Non ha ancora aggiunto idee.',

  'nosession.title': 'Apra il link del suo invito',
  'nosession.body': 'Per partecipare, apra il link personale dell’e-mail di invito. Se non funziona più, chieda un nuovo link al gruppo di ricerca.',

  'withdrawn.title': 'Ha lasciato questo studio',
  'withdrawn.body': 'Grazie per il suo tempo. Il suo link non funziona più.',

  'leave.open': 'Lascia lo studio',
  'leave.title': 'Lasciare lo studio?',
  'leave.confirm': 'Sì, lascio lo studio',
  'leave.cancel': 'Resto',

  'optout.title': 'Non riceverà più promemoria',
  'optout.body': 'I promemoria via e-mail per questo studio sono disattivati. Le scriveremo comunque quando si apre un round.',
  'optout.continue': 'Vai allo studio',
  'optout.failed': 'Non è stato possibile disattivare i promemoria',
  'optout.failedBody': 'Riprovi il link più tardi oppure scriva al gruppo di ricerca.',
  'reminders.label': 'Promemoria via e-mail',
  'reminders.stateOn': 'attivi',
  'reminders.stateOff': 'disattivati',
  'reminders.on': 'Le ricordiamo di completare le risposte prima della chiusura del round.',
  'reminders.off': 'Nessun promemoria. Le scriveremo comunque quando si apre un round.',
  'ended.title': 'Lo studio è concluso: grazie',
  'ended.body': 'Grazie per il suo tempo e le sue competenze. Non ci sono altri round. Qui sotto vede come ha risposto il panel nel round {n}.',
  'ended.bodyNone': 'Grazie per il suo tempo e le sue competenze. Non ci sono altri round.',

  'live.offline': 'Non connesso: la pagina si aggiornerà quando la connessione torna.',
  'comment.translated': 'Tradotto dal gruppo di ricerca',
  'comment.showOriginal': 'Mostra l’originale ({language})',
  'comment.hideOriginal': 'Nascondi l’originale',
  'comment.writtenIn': 'Scritto in {language}',
};
export default it;
