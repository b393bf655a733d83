import type { Messages } from './en';

const fr: Messages = {
  'app.loading': 'Chargement…',
  'app.skip': 'Aller aux questions',
  'app.language': 'Langue',
  'app.error.title': 'Un problème est survenu',
  'app.error.retry': 'Réessayer',
  'app.source': 'Code source de ce service',

  'invite.title': 'Vous êtes invité·e à un panel d’experts',
  'invite.lead': 'Merci d’ouvrir votre invitation. Ce panel recueille, en quelques tours courts, l’avis d’experts comme vous.',
  'invite.how':
    'Vous évaluez une série d’énoncés et pouvez ajouter un commentaire. Entre les tours, vous voyez comment l’ensemble du panel a répondu et vous ' +
    'pouvez garder ou modifier votre avis.',
  'invite.anonymous': 'Les autres membres du panel ne savent jamais qui a dit quoi.',
  'invite.continue': 'Ouvrir mon invitation',
  'invite.private': 'Ce lien est personnel. Merci de ne pas le transférer.',

  'welcome.title': 'Bienvenue',
  'welcome.aim': 'L’objet de cette étude',
  'welcome.time': 'Temps nécessaire',
  'welcome.minutes':
    '{n, plural, one {Environ # minute par tour.} many {Environ # de minutes par tour.} other {Environ # minutes par tour.}} Vous pouvez vous arrêter à tout moment : chaque réponse est enregistrée au fur et à mesure.',
  'welcome.anonymity': 'Comment vos réponses restent anonymes',
  'welcome.anonymity.quasi':
    'Les autres membres du panel ne voient ni votre nom ni vos réponses individuelles : seulement des résultats de groupe et des commentaires ' +
    'anonymisés. L’équipe de l’étude peut relier vos réponses à vous, pour envoyer des rappels et assurer le suivi, et garde ces informations ' +
    'confidentielles.',
  'welcome.anonymity.strict':
    'Les autres membres du panel ne voient ni votre nom ni vos réponses individuelles : seulement des résultats de groupe et des commentaires ' +
    'anonymisés. L’équipe de l’étude ne voit que les résultats de groupe et qui a répondu, jamais vos notes individuelles.',
  'welcome.small':
    'Les résultats de groupe ne sont affichés que si au moins {k} membres du panel ont répondu, afin qu’aucune réponse ne puisse vous être attribuée.',
  'welcome.withdraw.keep': 'Vous pouvez quitter l’étude à tout moment. Les réponses déjà données restent dans les résultats anonymes.',
  'welcome.withdraw.erase': 'Vous pouvez quitter l’étude à tout moment. Vos réponses sont alors supprimées.',
  'welcome.consent': 'J’ai lu ces informations et j’accepte de participer.',
  'welcome.start': 'Commencer',

  'round.title': 'Tour {n}',
  'round.closes': 'Ouvert jusqu’au {date}.',
  'round.progress': '{answered} sur {total} répondus',
  'round.view': 'Affichage',
  'round.view.one': 'Un énoncé à la fois',
  'round.view.list': 'Tous sur une page',
  'round.item': 'Énoncé {n} sur {total}',
  'round.previous': 'Précédent',
  'round.next': 'Suivant',
  'round.finish': 'Terminer',
  'round.uncategorised': 'Autres énoncés',

  'scale.question': 'Dans quelle mesure êtes-vous d’accord ?',
  'scale.cannotJudge': 'Je ne peux pas juger',

  'comment.label': 'Commentaire (facultatif)',
  'comment.hint': 'Pourquoi avez-vous répondu ainsi ? Les autres membres du panel verront votre commentaire sans votre nom.',
  'comment.needsRating': 'Votre commentaire sera enregistré dès que vous aurez choisi une note.',
  'comment.add': 'Ajouter un commentaire',
  'comment.translated': 'Traduit par l’équipe de l’étude',
  'comment.showOriginal': 'Afficher l’original ({language})',
  'comment.hideOriginal': 'Masquer l’original',
  'comment.writtenIn': 'Écrit en {language}',

  'save.saved': 'Enregistré',
  'save.saving': 'Enregistrement…',
  'save.waiting': 'Conservé sur cet appareil ; sera envoyé dès le retour de la connexion.',
  'save.failed': 'Non enregistré : {message}',

  'status.offline': 'Vous êtes hors ligne. Vos réponses sont conservées sur cet appareil et envoyées dès le retour de la connexion.',
  'status.unsent': 'Réponses en attente d’envoi : {n}',
  'status.retry': 'Envoyer maintenant',
  'status.sessionLost': 'Votre session a expiré. Merci de rouvrir le lien de votre invitation : vos réponses restent conservées sur cet appareil.',

  'feedback.title': 'Les réponses du panel au tour {n}',
  'feedback.withheld': 'Moins de {k} membres du panel ont évalué cet énoncé : les réponses du groupe sont masquées pour protéger les petits groupes.',
  'feedback.withheldFew': 'Trop peu de membres du panel ont évalué cet énoncé : les réponses du groupe sont masquées pour protéger les petits groupes.',
  'feedback.median': 'Médiane',
  'feedback.iqr': 'Moitié centrale des réponses',
  'feedback.ratings': '{n, plural, one {# note} many {# de notes} other {# notes}}',
  'feedback.noOpinion': '{n, plural, one {# ne pouvait pas juger} many {# ne pouvaient pas juger} other {# ne pouvaient pas juger}}',
  'feedback.you': 'Vous',
  'feedback.yourAnswer': 'Votre réponse : {value}',
  'feedback.yourCannotJudge': 'Votre réponse : je ne peux pas juger',
  'feedback.youDidNot': 'Vous n’avez pas évalué cet énoncé.',
  'feedback.comments': 'Commentaires du panel ({n})',
  'feedback.noComments': 'Aucun commentaire sur cet énoncé.',
  'feedback.chart': 'Notes de {min} à {max} : {counts}. Médiane {median}, moitié centrale des réponses de {q1} à {q3}.',
  'feedback.chartMine': 'Votre réponse précédente : {value}.',
  'feedback.keep': 'Garder ma réponse ({value})',
  'feedback.kept': 'Vous avez gardé votre réponse.',
  'feedback.change': 'Ou choisissez une nouvelle note :',
  'live.intro':
    'Ce tour se déroule en temps réel : dès que vous avez noté un énoncé, vous voyez comment le panel répond jusqu’ici, et vous pouvez modifier votre note jusqu’à la fin du tour.',
  'live.title': 'Comment le panel répond jusqu’ici',
  'live.basedOn': 'D’après {n} réponses, mis à jour quand d’autres arrivent',
  'live.chartMine': 'Votre réponse : {value}.',
  'live.commentsLater': 'Les commentaires du panel sont affichés à la fin du tour.',
  'live.revise': 'Vous pouvez modifier votre note ci-dessus à tout moment jusqu’à la fin du tour.',
  'live.waiting': 'Les réponses du panel apparaîtront ici dès qu’au moins {k} panélistes auront répondu.',
  'live.answerFirst': 'Notez cet énoncé pour voir comment le panel répond jusqu’ici.',
  'live.updated': 'Nouveaux chiffres depuis votre dernière visite',
  'live.changed': 'Modifié depuis votre dernière visite',

  'end.title': 'Merci, toutes vos réponses sont enregistrées',
  'end.titleSending': 'Merci, vos dernières réponses sont en cours d’envoi',
  'end.body':
    '{n, plural, one {Vous avez répondu à l’unique énoncé.} many {Vous avez répondu aux # énoncés.} other {Vous avez répondu aux # énoncés.}} Vous pouvez revenir modifier vos réponses jusqu’à la clôture du tour.',
  'end.review': 'Revoir mes réponses',
  'end.next': 'À la clôture du tour, vous verrez ici comment le panel a répondu. Cette page se met à jour toute seule.',

  'between.title': 'Le tour {n} est clos',
  'between.body':
    'Merci pour votre participation. Vous voyez ci-dessous comment le panel a répondu. S’il y a un autre tour, il apparaîtra ici dès son ouverture.',
  'between.none': 'Le premier tour n’a pas encore commencé.',
  'between.noneBody': 'Vous pourrez répondre dès son ouverture. Cette page se met à jour toute seule.',

  'ideas.title': 'Vos idées',
  'ideas.lead': 'Dans ce tour, nous recueillons des idées. Ajoutez-en autant que vous voulez, une à la fois.',
  'ideas.label': 'Votre idée',
  'ideas.category': 'Thème (facultatif)',
  'ideas.anyCategory': 'Tous thèmes',
  'ideas.add': 'Ajouter l’idée',
  'ideas.added': 'Votre idée a été ajoutée.',
  'ideas.yours': 'Les idées que vous avez ajoutées',
  'ideas.none': 'Vous n’avez pas encore ajouté d’idée.',

  'nosession.title': 'Merci d’ouvrir votre lien d’invitation',
  'nosession.body':
    'Pour participer, ouvrez le lien personnel reçu dans votre e-mail d’invitation. S’il ne fonctionne plus, demandez-en un nouveau à l’équipe de l’étude.',

  'withdrawn.title': 'Vous avez quitté cette étude',
  'withdrawn.body': 'Merci pour votre temps. Votre lien ne fonctionne plus.',

  'leave.open': 'Quitter l’étude',
  'leave.title': 'Quitter cette étude ?',
  'leave.confirm': 'Oui, quitter l’étude',
  'leave.cancel': 'Rester',

  'optout.title': 'Vous ne recevrez plus de rappels',
  'optout.body': 'Les rappels par e-mail pour cette étude sont désactivés. Nous vous écrirons toujours à l’ouverture d’un tour.',
  'optout.continue': 'Continuer vers l’étude',
  'optout.failed': 'Les rappels n’ont pas pu être désactivés',
  'optout.failedBody': 'Veuillez réessayer le lien plus tard ou écrire à l’équipe de l’étude.',
  'reminders.label': 'Rappels par e-mail',
  'reminders.stateOn': 'activés',
  'reminders.stateOff': 'désactivés',
  'reminders.on': 'Nous vous rappelons avant la fin d’un tour si vous n’avez pas terminé.',
  'reminders.off': 'Aucun rappel. Nous vous écrirons toujours à l’ouverture d’un tour.',
  'ended.title': 'L’étude est terminée — merci',
  'ended.body': 'Merci pour votre temps et votre expertise. Il n’y aura plus de tours. Voici comment le panel a répondu au tour {n}.',
  'ended.bodyNone': 'Merci pour votre temps et votre expertise. Il n’y aura plus de tours.',

  'live.offline': 'Non connecté : cette page se mettra à jour au retour de la connexion.',

  'rank.title': 'Classez ces éléments',
  'rank.help':
    'Mettez le plus important en premier. Utilisez les boutons fléchés, ou les flèches haut et bas du clavier sur un élément sélectionné ; vous pouvez aussi faire glisser.',
  'rank.helpTop':
    'Placez vos {k} plus importants en haut ; les autres restent non classés. Utilisez les boutons fléchés ou les flèches du clavier ; vous pouvez aussi faire glisser.',
  'rank.up': 'Monter : {item} (actuellement numéro {n})',
  'rank.down': 'Descendre : {item} (actuellement numéro {n})',
  'rank.moved': '{item} est maintenant numéro {n} sur {total}',
  'rank.unranked': 'Non classé',
  'rank.keep': 'Enregistrer cet ordre',
  'rank.panel': "L'ordre du panel au dernier tour",
  'rank.meanRank': 'rang moyen {value}',
  'rank.topShare': '{pct} % l’ont placé dans leurs {k} premiers',
  'rank.withheld': "Trop peu de panélistes ont classé au dernier tour pour montrer l'ordre du panel.",
};

export default fr;
