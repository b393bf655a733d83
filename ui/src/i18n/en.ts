/** Panelist app strings, English. Other catalogues must have exactly these keys (checked by type). */
export const en = {
  'app.loading': 'Loading…',
  'app.skip': 'Skip to the questions',
  'app.language': 'Language',
  'app.error.title': 'Something went wrong',
  'app.error.retry': 'Try again',
  'app.source': 'Source code of this service',

  'invite.title': 'You are invited to an expert panel',
  'invite.lead': 'Thank you for opening your invitation. This panel gathers the views of experts like you in a few short rounds.',
  'invite.how':
    'You rate a set of statements and may add a comment. Between rounds you see how the panel as a whole answered, and you can keep or change your view.',
  'invite.anonymous': 'Other panelists never see who said what.',
  'invite.continue': 'Open my invitation',
  'invite.private': 'This link is personal. Please do not forward it.',

  'welcome.title': 'Welcome',
  'welcome.aim': 'What this study is about',
  'welcome.time': 'Time needed',
  'welcome.minutes':
    '{n, plural, one {About # minute per round.} other {About # minutes per round.}} You can stop at any time: every answer is saved as you go.',
  'welcome.anonymity': 'How your answers are kept anonymous',
  'welcome.anonymity.quasi':
    'Other panelists never see your name or your individual answers: they only see group summaries and anonymised comments. The study team can link ' +
    'your answers to you, to send reminders and follow up, and keeps this confidential.',
  'welcome.anonymity.strict':
    'Other panelists never see your name or your individual answers: they only see group summaries and anonymised comments. The study team sees only ' +
    'group results and who has answered, never your individual ratings.',
  'welcome.small': 'Group results are shown only when at least {k} panelists have answered, so no answer can be traced back to you.',
  'welcome.withdraw.keep': 'You can leave the study at any time. Answers you have already given stay in the anonymous results.',
  'welcome.withdraw.erase': 'You can leave the study at any time. Your answers are then deleted.',
  'welcome.consent': 'I have read this and I agree to take part.',
  'welcome.start': 'Start',

  'round.title': 'Round {n}',
  'round.closes': 'Open until {date}.',
  'round.progress': '{answered} of {total} answered',
  'round.view': 'Show',
  'round.view.one': 'One at a time',
  'round.view.list': 'All on one page',
  'round.item': 'Statement {n} of {total}',
  'round.previous': 'Previous',
  'round.next': 'Next',
  'round.finish': 'Finish',
  'round.uncategorised': 'Other statements',

  'scale.question': 'How far do you agree?',
  'scale.cannotJudge': 'I cannot judge this',

  'comment.label': 'Comment (optional)',
  'comment.hint': 'Why did you answer this way? Other panelists will see your comment without your name.',
  'comment.needsRating': 'Your comment is saved once you choose a rating.',
  'comment.add': 'Add a comment',
  'comment.translated': 'Translated by the study team',
  'comment.showOriginal': 'Show the original ({language})',
  'comment.hideOriginal': 'Hide the original',
  'comment.writtenIn': 'Written in {language}',

  'save.saved': 'Saved',
  'save.saving': 'Saving…',
  'save.waiting': 'Kept on this device; it will be sent when the connection is back.',
  'save.failed': 'Not saved: {message}',

  'status.offline': 'You are offline. Your answers are kept on this device and sent as soon as the connection is back.',
  'status.unsent': 'Answers waiting to be sent: {n}',
  'status.retry': 'Send now',
  'status.sessionLost': 'Your session has ended. Please open the link from your invitation again: your answers are kept on this device.',

  'feedback.title': 'How the panel answered in round {n}',
  'feedback.withheld': 'Fewer than {k} panelists rated this statement, so the group’s answers are hidden to protect small groups.',
  'feedback.withheldFew': 'Too few panelists rated this statement, so the group’s answers are hidden to protect small groups.',
  'feedback.median': 'Median',
  'feedback.iqr': 'Middle half of answers',
  'feedback.ratings': '{n, plural, one {# rating} other {# ratings}}',
  'feedback.noOpinion': '{n} could not judge',
  'feedback.you': 'You',
  'feedback.yourAnswer': 'Your answer: {value}',
  'feedback.yourCannotJudge': 'Your answer: cannot judge',
  'feedback.youDidNot': 'You did not rate this statement.',
  'feedback.comments': 'Comments from the panel ({n})',
  'feedback.noComments': 'No comments on this statement.',
  'feedback.chart': 'Ratings from {min} to {max}: {counts}. Median {median}, middle half of answers from {q1} to {q3}.',
  'feedback.chartMine': 'Your previous answer: {value}.',
  'feedback.keep': 'Keep my answer ({value})',
  'feedback.kept': 'You kept your answer.',
  'feedback.change': 'Or choose a new rating:',
  'live.intro':
    'This round runs in real time: once you have rated a statement you see how the panel answers so far, and you may change your rating until the round ends.',
  'live.title': 'How the panel answers so far',
  'live.basedOn': 'Based on {n} answers, updated when more arrive',
  'live.chartMine': 'Your answer: {value}.',
  'live.commentsLater': 'Comments from the panel are shown when the round ends.',
  'live.revise': 'You may change your rating above at any time until the round ends.',
  'live.waiting': 'The panel’s answers appear here once at least {k} panelists have answered.',
  'live.answerFirst': 'Rate this statement to see how the panel answers so far.',
  'live.updated': 'New figures since your last look',
  'live.changed': 'Changed since your last visit',

  'end.title': 'Thank you — all your answers are saved',
  'end.titleSending': 'Thank you — your last answers are on their way',
  'end.body':
    '{n, plural, one {You answered the one statement.} other {You answered all # statements.}} You can come back and change your answers until the round closes.',
  'end.review': 'Review my answers',
  'end.next': 'When the round closes you will see how the panel answered. This page updates by itself.',

  'between.title': 'Round {n} has closed',
  'between.body': 'Thank you for taking part. Below you can see how the panel answered. If there is another round, this page will show it as soon as it opens.',
  'between.none': 'The first round has not opened yet.',
  'between.noneBody': 'You will be able to answer as soon as it opens. This page updates by itself.',

  'ideas.title': 'Your ideas',
  'ideas.lead': 'In this round we collect ideas. Add as many as you like, one at a time.',
  'ideas.label': 'Your idea',
  'ideas.category': 'Topic (optional)',
  'ideas.anyCategory': 'Any topic',
  'ideas.add': 'Add idea',
  'ideas.added': 'Your idea was added.',
  'ideas.yours': 'Ideas you have added',
  'ideas.none': 'You have not added any ideas yet.',

  'nosession.title': 'Please open your invitation link',
  'nosession.body': 'To take part, open the personal link from your invitation e-mail. If it no longer works, ask the study team for a new one.',

  'withdrawn.title': 'You have left this study',
  'withdrawn.body': 'Thank you for your time. Your link no longer works.',

  'leave.open': 'Leave the study',
  'leave.title': 'Leave this study?',
  'leave.confirm': 'Yes, leave the study',
  'leave.cancel': 'Stay',

  'optout.title': 'You will get no more reminders',
  'optout.body': 'E-mail reminders for this study are now off. You will still hear from us when a round opens.',
  'optout.continue': 'Continue to the study',
  'optout.failed': 'Reminders could not be turned off',
  'optout.failedBody': 'Please try the link again later, or write to the study team.',
  'reminders.label': 'E-mail reminders',
  'reminders.stateOn': 'on',
  'reminders.stateOff': 'off',
  'reminders.on': 'We remind you before a round closes if you have not finished.',
  'reminders.off': 'No reminders. You will still hear from us when a round opens.',
  'ended.title': 'The study has ended — thank you',
  'ended.body': 'Thank you for your time and your expertise. There are no more rounds. Below is how the panel answered in round {n}.',
  'ended.bodyNone': 'Thank you for your time and your expertise. There are no more rounds.',

  'live.offline': 'Not connected: this page will update when the connection is back.',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = { readonly [K in MessageKey]: string };
