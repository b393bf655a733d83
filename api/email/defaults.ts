import type { EmailKind } from '../../db/schema';
import { ITALIAN_AND_POLISH } from './defaults-it-pl';

export interface TemplateText {
  subject: string;
  body: string;
}

/**
 * The e-mails the service ships, per language. A study can override any of them per language
 * (email_templates); these apply otherwise. Placeholders are listed in email-templates.ts.
 */
export const DEFAULT_TEMPLATES: Record<string, Record<EmailKind, TemplateText>> = {
  en: {
    invitation: {
      subject: 'Invitation to the Delphi study "{{study_title}}"',
      body: `Hello,

You are invited to join the panel of the Delphi study "{{study_title}}". Over a few rounds, experts rate statements anonymously and see how the whole panel answered. Nobody on the panel learns who said what.

Your personal link (please do not forward it):
{{link}}

The link opens the study in your browser. From there you can also leave the study at any time.

If you do not want reminders: {{opt_out_link}}

With thanks,
The study team`,
    },
    round_opened: {
      subject: 'Round {{round_number}} of "{{study_title}}" is open',
      body: `Hello,

Round {{round_number}} of the Delphi study "{{study_title}}" is now open.
Closing date: {{closes_at}}

Your personal link (please do not forward it):
{{link}}

Your answers are saved as you go, and you can change them until the round closes.

If you do not want reminders: {{opt_out_link}}

With thanks,
The study team`,
    },
    reminder: {
      subject: 'Reminder: round {{round_number}} of "{{study_title}}" closes soon',
      body: `Hello,

Round {{round_number}} of the Delphi study "{{study_title}}" is still open, and your answers are not complete yet. Every answer helps the panel reach a sound result.
Closing date: {{closes_at}}

Your personal link (please do not forward it):
{{link}}

To receive no more reminders for this study: {{opt_out_link}}
You can leave the study from the page your link opens.

With thanks,
The study team`,
    },
    round_closed: {
      subject: 'Round {{round_number}} of "{{study_title}}" has closed: see how the panel answered',
      body: `Hello,

Round {{round_number}} of the Delphi study "{{study_title}}" has closed. Thank you for your answers.

You can now see how the whole panel answered, next to your own answers:
{{link}}

If you do not want reminders: {{opt_out_link}}

With thanks,
The study team`,
    },
    thank_you: {
      subject: 'Thank you for taking part in "{{study_title}}"',
      body: `Hello,

The Delphi study "{{study_title}}" has come to an end. Thank you for the time and expertise you gave to it.

The results of each round remain available through your personal link:
{{link}}

With thanks,
The study team`,
    },
  },
  de: {
    invitation: {
      subject: 'Einladung zur Delphi-Studie „{{study_title}}“',
      body: `Guten Tag,

Sie sind eingeladen, im Panel der Delphi-Studie „{{study_title}}“ mitzuwirken. In mehreren Runden bewerten Fachleute anonym Aussagen und sehen, wie das gesamte Panel geantwortet hat. Niemand im Panel erfährt, wer was gesagt hat.

Ihr persönlicher Link (bitte nicht weiterleiten):
{{link}}

Der Link öffnet die Studie in Ihrem Browser. Dort können Sie die Studie auch jederzeit verlassen.

Wenn Sie keine Erinnerungen wünschen: {{opt_out_link}}

Vielen Dank
Das Studienteam`,
    },
    round_opened: {
      subject: 'Runde {{round_number}} von „{{study_title}}“ ist geöffnet',
      body: `Guten Tag,

Runde {{round_number}} der Delphi-Studie „{{study_title}}“ ist jetzt geöffnet.
Schluss der Runde: {{closes_at}}

Ihr persönlicher Link (bitte nicht weiterleiten):
{{link}}

Ihre Antworten werden laufend gespeichert, und Sie können sie bis zum Schluss der Runde ändern.

Wenn Sie keine Erinnerungen wünschen: {{opt_out_link}}

Vielen Dank
Das Studienteam`,
    },
    reminder: {
      subject: 'Erinnerung: Runde {{round_number}} von „{{study_title}}“ endet bald',
      body: `Guten Tag,

Runde {{round_number}} der Delphi-Studie „{{study_title}}“ ist noch geöffnet, und Ihre Antworten sind noch nicht vollständig. Jede Antwort hilft dem Panel zu einem belastbaren Ergebnis.
Schluss der Runde: {{closes_at}}

Ihr persönlicher Link (bitte nicht weiterleiten):
{{link}}

Keine weiteren Erinnerungen zu dieser Studie: {{opt_out_link}}
Die Studie verlassen können Sie auf der Seite, die Ihr Link öffnet.

Vielen Dank
Das Studienteam`,
    },
    round_closed: {
      subject: 'Runde {{round_number}} von „{{study_title}}“ ist abgeschlossen: die Antworten des Panels',
      body: `Guten Tag,

Runde {{round_number}} der Delphi-Studie „{{study_title}}“ ist abgeschlossen. Vielen Dank für Ihre Antworten.

Sie können jetzt sehen, wie das gesamte Panel geantwortet hat, neben Ihren eigenen Antworten:
{{link}}

Wenn Sie keine Erinnerungen wünschen: {{opt_out_link}}

Vielen Dank
Das Studienteam`,
    },
    thank_you: {
      subject: 'Vielen Dank für Ihre Teilnahme an „{{study_title}}“',
      body: `Guten Tag,

Die Delphi-Studie „{{study_title}}“ ist abgeschlossen. Vielen Dank für die Zeit und das Fachwissen, die Sie eingebracht haben.

Die Ergebnisse jeder Runde bleiben über Ihren persönlichen Link zugänglich:
{{link}}

Vielen Dank
Das Studienteam`,
    },
  },
  fr: {
    invitation: {
      subject: 'Invitation à l’étude Delphi « {{study_title}} »',
      body: `Bonjour,

Vous êtes invité·e à rejoindre le panel de l’étude Delphi « {{study_title}} ». Au fil de quelques tours, des experts évaluent des propositions de façon anonyme et voient comment l’ensemble du panel a répondu. Personne dans le panel ne sait qui a dit quoi.

Votre lien personnel (merci de ne pas le transférer) :
{{link}}

Ce lien ouvre l’étude dans votre navigateur. Vous pouvez aussi y quitter l’étude à tout moment.

Pour ne plus recevoir de rappels : {{opt_out_link}}

Merci,
L’équipe de l’étude`,
    },
    round_opened: {
      subject: 'Le tour {{round_number}} de « {{study_title}} » est ouvert',
      body: `Bonjour,

Le tour {{round_number}} de l’étude Delphi « {{study_title}} » est maintenant ouvert.
Date de clôture : {{closes_at}}

Votre lien personnel (merci de ne pas le transférer) :
{{link}}

Vos réponses sont enregistrées au fur et à mesure et vous pouvez les modifier jusqu’à la clôture du tour.

Pour ne plus recevoir de rappels : {{opt_out_link}}

Merci,
L’équipe de l’étude`,
    },
    reminder: {
      subject: 'Rappel : le tour {{round_number}} de « {{study_title}} » se termine bientôt',
      body: `Bonjour,

Le tour {{round_number}} de l’étude Delphi « {{study_title}} » est toujours ouvert et vos réponses ne sont pas encore complètes. Chaque réponse aide le panel à aboutir à un résultat solide.
Date de clôture : {{closes_at}}

Votre lien personnel (merci de ne pas le transférer) :
{{link}}

Pour ne plus recevoir de rappels pour cette étude : {{opt_out_link}}
Vous pouvez quitter l’étude depuis la page qu’ouvre votre lien.

Merci,
L’équipe de l’étude`,
    },
    round_closed: {
      subject: 'Le tour {{round_number}} de « {{study_title}} » est clos : découvrez les réponses du panel',
      body: `Bonjour,

Le tour {{round_number}} de l’étude Delphi « {{study_title}} » est clos. Merci pour vos réponses.

Vous pouvez maintenant voir comment l’ensemble du panel a répondu, à côté de vos propres réponses :
{{link}}

Pour ne plus recevoir de rappels : {{opt_out_link}}

Merci,
L’équipe de l’étude`,
    },
    thank_you: {
      subject: 'Merci d’avoir participé à « {{study_title}} »',
      body: `Bonjour,

L’étude Delphi « {{study_title}} » est terminée. Merci pour le temps et l’expertise que vous y avez consacrés.

Les résultats de chaque tour restent accessibles grâce à votre lien personnel :
{{link}}

Merci,
L’équipe de l’étude`,
    },
  },
  es: {
    invitation: {
      subject: 'Invitación al estudio Delphi «{{study_title}}»',
      body: `Hola:

Le invitamos a formar parte del panel del estudio Delphi «{{study_title}}». A lo largo de varias rondas, personas expertas valoran afirmaciones de forma anónima y ven cómo ha respondido el panel en su conjunto. Nadie en el panel sabe quién dijo qué.

Su enlace personal (por favor, no lo reenvíe):
{{link}}

El enlace abre el estudio en su navegador. Desde allí también puede dejar el estudio en cualquier momento.

Si no desea recibir recordatorios: {{opt_out_link}}

Muchas gracias,
El equipo del estudio`,
    },
    round_opened: {
      subject: 'La ronda {{round_number}} de «{{study_title}}» está abierta',
      body: `Hola:

La ronda {{round_number}} del estudio Delphi «{{study_title}}» ya está abierta.
Fecha de cierre: {{closes_at}}

Su enlace personal (por favor, no lo reenvíe):
{{link}}

Sus respuestas se guardan sobre la marcha y puede cambiarlas hasta que se cierre la ronda.

Si no desea recibir recordatorios: {{opt_out_link}}

Muchas gracias,
El equipo del estudio`,
    },
    reminder: {
      subject: 'Recordatorio: la ronda {{round_number}} de «{{study_title}}» cierra pronto',
      body: `Hola:

La ronda {{round_number}} del estudio Delphi «{{study_title}}» sigue abierta y sus respuestas aún no están completas. Cada respuesta ayuda al panel a llegar a un resultado sólido.
Fecha de cierre: {{closes_at}}

Su enlace personal (por favor, no lo reenvíe):
{{link}}

Para no recibir más recordatorios de este estudio: {{opt_out_link}}
Puede dejar el estudio desde la página que abre su enlace.

Muchas gracias,
El equipo del estudio`,
    },
    round_closed: {
      subject: 'La ronda {{round_number}} de «{{study_title}}» se ha cerrado: vea cómo respondió el panel',
      body: `Hola:

La ronda {{round_number}} del estudio Delphi «{{study_title}}» se ha cerrado. Gracias por sus respuestas.

Ya puede ver cómo respondió el panel en su conjunto, junto a sus propias respuestas:
{{link}}

Si no desea recibir recordatorios: {{opt_out_link}}

Muchas gracias,
El equipo del estudio`,
    },
    thank_you: {
      subject: 'Gracias por participar en «{{study_title}}»',
      body: `Hola:

El estudio Delphi «{{study_title}}» ha concluido. Gracias por el tiempo y la experiencia que le ha dedicado.

Los resultados de cada ronda siguen disponibles a través de su enlace personal:
{{link}}

Muchas gracias,
El equipo del estudio`,
    },
  },
  ...ITALIAN_AND_POLISH,
};

/** What {{closes_at}} reads when the round has no closing date. */
export const NO_CLOSING_DATE: Record<string, string> = {
  en: 'not set yet',
  de: 'noch nicht festgelegt',
  fr: 'pas encore fixée',
  es: 'aún sin fijar',
  it: 'non ancora fissata',
  pl: 'jeszcze nie ustalono',
};
