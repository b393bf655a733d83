import type { Messages } from './en';

const es: Messages = {
  'app.loading': 'Cargando…',
  'app.skip': 'Ir a las preguntas',
  'app.language': 'Idioma',
  'app.error.title': 'Algo ha fallado',
  'app.error.retry': 'Intentar de nuevo',
  'app.source': 'Código fuente de este servicio',

  'invite.title': 'Está invitado/a a un panel de expertos',
  'invite.lead': 'Gracias por abrir su invitación. Este panel reúne, en unas pocas rondas breves, la opinión de expertos como usted.',
  'invite.how':
    'Usted valora una serie de afirmaciones y puede añadir un comentario. Entre rondas verá cómo respondió el panel en conjunto y podrá mantener o ' +
    'cambiar su opinión.',
  'invite.anonymous': 'Los demás panelistas nunca ven quién dijo qué.',
  'invite.continue': 'Abrir mi invitación',
  'invite.private': 'Este enlace es personal. Por favor, no lo reenvíe.',

  'welcome.title': 'Bienvenido/a',
  'welcome.aim': 'De qué trata este estudio',
  'welcome.time': 'Tiempo necesario',
  'welcome.minutes':
    '{n, plural, one {Un minuto por ronda, más o menos.} many {Unos # minutos por ronda.} other {Unos # minutos por ronda.}} Puede parar cuando quiera: cada respuesta se guarda al momento.',
  'welcome.anonymity': 'Cómo se mantienen anónimas sus respuestas',
  'welcome.anonymity.quasi':
    'Los demás panelistas no ven su nombre ni sus respuestas individuales: solo resúmenes del grupo y comentarios anónimos. El equipo del estudio ' +
    'puede vincular sus respuestas con usted, para enviar recordatorios y hacer seguimiento, y lo mantiene en confidencialidad.',
  'welcome.anonymity.strict':
    'Los demás panelistas no ven su nombre ni sus respuestas individuales: solo resúmenes del grupo y comentarios anónimos. El equipo del estudio ' +
    'solo ve resultados de grupo y quién ha respondido, nunca sus valoraciones individuales.',
  'welcome.small':
    'Los resultados de grupo solo se muestran cuando han respondido al menos {k} panelistas, para que ninguna respuesta pueda atribuirse a usted.',
  'welcome.withdraw.keep': 'Puede abandonar el estudio en cualquier momento. Las respuestas ya dadas permanecen en los resultados anónimos.',
  'welcome.withdraw.erase': 'Puede abandonar el estudio en cualquier momento. Sus respuestas se borrarán entonces.',
  'welcome.consent': 'He leído esta información y acepto participar.',
  'welcome.start': 'Empezar',

  'round.title': 'Ronda {n}',
  'round.closes': 'Abierta hasta el {date}.',
  'round.progress': '{answered} de {total} respondidas',
  'round.view': 'Vista',
  'round.view.one': 'Una a una',
  'round.view.list': 'Todas en una página',
  'round.item': 'Afirmación {n} de {total}',
  'round.previous': 'Anterior',
  'round.next': 'Siguiente',
  'round.finish': 'Terminar',
  'round.uncategorised': 'Otras afirmaciones',

  'scale.question': '¿Hasta qué punto está de acuerdo?',
  'scale.cannotJudge': 'No puedo valorarlo',

  'comment.label': 'Comentario (opcional)',
  'comment.hint': '¿Por qué respondió así? Los demás panelistas verán su comentario sin su nombre.',
  'comment.needsRating': 'Su comentario se guardará en cuanto elija una valoración.',
  'comment.add': 'Añadir un comentario',
  'comment.translated': 'Traducido por el equipo del estudio',
  'comment.showOriginal': 'Ver el original ({language})',
  'comment.hideOriginal': 'Ocultar el original',
  'comment.writtenIn': 'Escrito en {language}',

  'save.saved': 'Guardado',
  'save.saving': 'Guardando…',
  'save.waiting': 'Guardado en este dispositivo; se enviará cuando vuelva la conexión.',
  'save.failed': 'No guardado: {message}',

  'status.offline': 'Está sin conexión. Sus respuestas se guardan en este dispositivo y se enviarán en cuanto vuelva la conexión.',
  'status.unsent': 'Respuestas pendientes de envío: {n}',
  'status.retry': 'Enviar ahora',
  'status.sessionLost': 'Su sesión ha terminado. Vuelva a abrir el enlace de su invitación: sus respuestas siguen guardadas en este dispositivo.',

  'feedback.title': 'Cómo respondió el panel en la ronda {n}',
  'feedback.withheld': 'Menos de {k} panelistas valoraron esta afirmación, así que las respuestas del grupo se ocultan para proteger a los grupos pequeños.',
  'feedback.withheldFew':
    'Demasiado pocos panelistas valoraron esta afirmación, así que las respuestas del grupo se ocultan para proteger a los grupos pequeños.',
  'feedback.median': 'Mediana',
  'feedback.iqr': 'Mitad central de las respuestas',
  'feedback.ratings': '{n, plural, one {# valoración} many {# de valoraciones} other {# valoraciones}}',
  'feedback.noOpinion': '{n, plural, one {# no podía valorarlo} many {# no podían valorarlo} other {# no podían valorarlo}}',
  'feedback.you': 'Usted',
  'feedback.yourAnswer': 'Su respuesta: {value}',
  'feedback.yourCannotJudge': 'Su respuesta: no puedo valorarlo',
  'feedback.youDidNot': 'No valoró esta afirmación.',
  'feedback.comments': 'Comentarios del panel ({n})',
  'feedback.noComments': 'No hay comentarios sobre esta afirmación.',
  'feedback.chart': 'Valoraciones de {min} a {max}: {counts}. Mediana {median}, mitad central de las respuestas de {q1} a {q3}.',
  'feedback.chartMine': 'Su respuesta anterior: {value}.',
  'feedback.keep': 'Mantener mi respuesta ({value})',
  'feedback.kept': 'Ha mantenido su respuesta.',
  'feedback.change': 'O elija una nueva valoración:',
  'live.intro':
    'Esta ronda funciona en tiempo real: en cuanto haya valorado un enunciado verá cómo responde el panel hasta ahora, y podrá cambiar su valoración hasta que termine la ronda.',
  'live.title': 'Cómo responde el panel hasta ahora',
  'live.basedOn': 'Basado en {n} respuestas, se actualiza cuando llegan más',
  'live.chartMine': 'Su respuesta: {value}.',
  'live.commentsLater': 'Los comentarios del panel se muestran al terminar la ronda.',
  'live.revise': 'Puede cambiar su valoración de arriba en cualquier momento hasta que termine la ronda.',
  'live.waiting': 'Las respuestas del panel aparecerán aquí cuando al menos {k} panelistas hayan respondido.',
  'live.answerFirst': 'Valore este enunciado para ver cómo responde el panel hasta ahora.',
  'live.updated': 'Cifras nuevas desde su última consulta',
  'live.changed': 'Cambiado desde su última visita',

  'end.title': 'Gracias: todas sus respuestas están guardadas',
  'end.titleSending': 'Gracias: sus últimas respuestas se están enviando',
  'end.body':
    '{n, plural, one {Ha respondido a la única afirmación.} many {Ha respondido a las # afirmaciones.} other {Ha respondido a las # afirmaciones.}} Puede volver y cambiar sus respuestas hasta que se cierre la ronda.',
  'end.review': 'Revisar mis respuestas',
  'end.next': 'Cuando se cierre la ronda verá aquí cómo respondió el panel. Esta página se actualiza sola.',

  'between.title': 'La ronda {n} se ha cerrado',
  'between.body': 'Gracias por participar. Abajo puede ver cómo respondió el panel. Si hay otra ronda, aparecerá aquí en cuanto se abra.',
  'between.none': 'La primera ronda aún no ha empezado.',
  'between.noneBody': 'Podrá responder en cuanto se abra. Esta página se actualiza sola.',

  'ideas.title': 'Sus ideas',
  'ideas.lead': 'En esta ronda recogemos ideas. Añada tantas como quiera, de una en una.',
  'ideas.label': 'Su idea',
  'ideas.category': 'Tema (opcional)',
  'ideas.anyCategory': 'Cualquier tema',
  'ideas.add': 'Añadir idea',
  'ideas.added': 'Su idea se ha añadido.',
  'ideas.yours': 'Ideas que ha añadido',
  'ideas.none': 'Aún no ha añadido ninguna idea.',

  'nosession.title': 'Abra su enlace de invitación',
  'nosession.body': 'Para participar, abra el enlace personal de su correo de invitación. Si ya no funciona, pida uno nuevo al equipo del estudio.',

  'withdrawn.title': 'Ha abandonado este estudio',
  'withdrawn.body': 'Gracias por su tiempo. Su enlace ya no funciona.',

  'leave.open': 'Abandonar el estudio',
  'leave.title': '¿Abandonar este estudio?',
  'leave.confirm': 'Sí, abandonar el estudio',
  'leave.cancel': 'Quedarme',

  'optout.title': 'Ya no recibirá recordatorios',
  'optout.body': 'Los recordatorios por correo de este estudio están desactivados. Seguirá recibiendo un aviso cuando se abra una ronda.',
  'optout.continue': 'Continuar al estudio',
  'optout.failed': 'No se pudieron desactivar los recordatorios',
  'optout.failedBody': 'Vuelva a probar el enlace más tarde o escriba al equipo del estudio.',
  'reminders.label': 'Recordatorios por correo',
  'reminders.stateOn': 'activados',
  'reminders.stateOff': 'desactivados',
  'reminders.on': 'Le recordamos antes del cierre de una ronda si no ha terminado.',
  'reminders.off': 'Sin recordatorios. Seguirá recibiendo un aviso cuando se abra una ronda.',
  'ended.title': 'El estudio ha terminado — gracias',
  'ended.body': 'Gracias por su tiempo y su experiencia. No habrá más rondas. A continuación verá cómo respondió el panel en la ronda {n}.',
  'ended.bodyNone': 'Gracias por su tiempo y su experiencia. No habrá más rondas.',

  'live.offline': 'Sin conexión: esta página se actualizará cuando vuelva la conexión.',

  'rank.title': 'Ordene estos elementos',
  'rank.help':
    'Ponga primero lo más importante. Use los botones de flecha, o las teclas de flecha arriba y abajo sobre un elemento seleccionado; también puede arrastrar.',
  'rank.helpTop':
    'Ponga arriba sus {k} más importantes; el resto queda sin clasificar. Use los botones de flecha o las teclas de flecha; también puede arrastrar.',
  'rank.up': 'Subir: {item} (ahora número {n})',
  'rank.down': 'Bajar: {item} (ahora número {n})',
  'rank.moved': '{item} es ahora el número {n} de {total}',
  'rank.unranked': 'Sin clasificar',
  'rank.keep': 'Guardar este orden',
  'rank.panel': 'El orden del panel en la ronda anterior',
  'rank.meanRank': 'rango medio {value}',
  'rank.topShare': 'el {pct} % lo puso entre sus {k} primeros',
  'rank.withheld': 'Muy pocos panelistas ordenaron en la ronda anterior para mostrar el orden del panel.',
};

export default es;
