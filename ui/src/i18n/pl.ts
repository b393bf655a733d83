import type { Messages } from './en';

const pl: Messages = {
  'app.loading': 'Ładowanie…',
  'app.skip': 'Przejdź do pytań',
  'app.language': 'Język',
  'app.error.title': 'Coś poszło nie tak',
  'app.error.retry': 'Spróbuj ponownie',
  'app.source': 'Kod źródłowy tej usługi',

  'invite.title': 'Zapraszamy do panelu ekspertów',
  'invite.lead': 'Dziękujemy za otwarcie zaproszenia. Ten panel zbiera w kilku krótkich rundach opinie ekspertów takich jak Pani/Pan.',
  'invite.how':
    'Ocenia Pani/Pan kilka stwierdzeń i może dodać komentarz. Między rundami widać, jak odpowiedział cały panel, i można zachować albo zmienić swoje zdanie.',
  'invite.anonymous': 'Inni uczestnicy nigdy nie wiedzą, kto co powiedział.',
  'invite.continue': 'Otwórz zaproszenie',
  'invite.private': 'Ten link jest osobisty. Prosimy go nie przekazywać dalej.',

  'welcome.title': 'Witamy',
  'welcome.aim': 'Czego dotyczy badanie',
  'welcome.time': 'Potrzebny czas',
  'welcome.minutes':
    '{n, plural, one {Około # minuty na rundę.} few {Około # minut na rundę.} many {Około # minut na rundę.} other {Około # minuty na rundę.}} Można przerwać w każdej chwili: każda odpowiedź zapisuje się od razu.',
  'welcome.anonymity': 'Jak chronimy anonimowość odpowiedzi',
  'welcome.anonymity.quasi':
    'Inni uczestnicy nigdy nie widzą Pani/Pana nazwiska ani pojedynczych odpowiedzi: widzą tylko podsumowania grupy i anonimowe komentarze. Zespół badania może powiązać odpowiedzi z Panią/Panem, żeby wysyłać przypomnienia i się kontaktować, i zachowuje to w poufności.',
  'welcome.anonymity.strict':
    'Inni uczestnicy nigdy nie widzą Pani/Pana nazwiska ani pojedynczych odpowiedzi: widzą tylko podsumowania grupy i anonimowe komentarze. Zespół badania widzi tylko wyniki grupy i to, kto już odpowiedział, nigdy pojedynczych ocen.',
  'welcome.small':
    'Wyniki grupy pokazujemy dopiero, gdy {k, plural, one {odpowie co najmniej # osoba} few {odpowiedzą co najmniej # osoby} many {odpowie co najmniej # osób} other {odpowie co najmniej # osoby}}, więc żadnej odpowiedzi nie da się przypisać do Pani/Pana.',
  'welcome.withdraw.keep': 'Z badania można zrezygnować w każdej chwili. Udzielone już odpowiedzi pozostają w anonimowych wynikach.',
  'welcome.withdraw.erase': 'Z badania można zrezygnować w każdej chwili. Odpowiedzi zostaną wtedy usunięte.',
  'welcome.consent': 'Zapoznałam/zapoznałem się z tymi informacjami i zgadzam się wziąć udział.',
  'welcome.start': 'Zaczynam',

  'round.title': 'Runda {n}',
  'round.closes': 'Otwarta do {date}.',
  'round.progress': 'Odpowiedzi: {answered} z {total}',
  'round.view': 'Widok',
  'round.view.one': 'Po jednym',
  'round.view.list': 'Wszystkie na jednej stronie',
  'round.item': 'Stwierdzenie {n} z {total}',
  'round.previous': 'Wstecz',
  'round.next': 'Dalej',
  'round.finish': 'Zakończ',
  'round.uncategorised': 'Pozostałe stwierdzenia',

  'scale.question': 'W jakim stopniu się Pani/Pan zgadza?',
  'scale.cannotJudge': 'Nie potrafię tego ocenić',

  'comment.label': 'Komentarz (opcjonalnie)',
  'comment.hint': 'Dlaczego taka odpowiedź? Inni uczestnicy zobaczą komentarz bez Pani/Pana nazwiska.',
  'comment.needsRating': 'Komentarz zapisze się, gdy wybierze Pani/Pan ocenę.',
  'comment.add': 'Dodaj komentarz',

  'save.saved': 'Zapisano',
  'save.saving': 'Zapisywanie…',
  'save.waiting': 'Zachowane na tym urządzeniu; zostanie wysłane, gdy wróci połączenie.',
  'save.failed': 'Nie zapisano: {message}',

  'status.offline': 'Brak połączenia. Odpowiedzi są zachowane na tym urządzeniu i zostaną wysłane, gdy tylko połączenie wróci.',
  'status.unsent': 'Odpowiedzi czekające na wysłanie: {n}',
  'status.retry': 'Wyślij teraz',
  'status.sessionLost': 'Sesja wygasła. Prosimy ponownie otworzyć link z zaproszenia: odpowiedzi są zachowane na tym urządzeniu.',

  'feedback.title': 'Jak odpowiedział panel w rundzie {n}',
  'feedback.withheld': 'To stwierdzenie oceniło mniej osób, niż wynosi próg ({k}), więc odpowiedzi grupy są ukryte, by chronić małe grupy.',
  'feedback.withheldFew': 'To stwierdzenie oceniło zbyt mało osób, więc odpowiedzi grupy są ukryte, by chronić małe grupy.',
  'feedback.median': 'Mediana',
  'feedback.iqr': 'Środkowa połowa odpowiedzi',
  'feedback.ratings': '{n, plural, one {# ocena} few {# oceny} many {# ocen} other {# oceny}}',
  'feedback.noOpinion':
    '{n, plural, one {# osoba nie mogła ocenić} few {# osoby nie mogły ocenić} many {# osób nie mogło ocenić} other {# osoby nie mogło ocenić}}',
  'feedback.you': 'Moja ocena',
  'feedback.yourAnswer': 'Moja odpowiedź: {value}',
  'feedback.yourCannotJudge': 'Moja odpowiedź: nie potrafię ocenić',
  'feedback.youDidNot': 'Nie oceniono tego stwierdzenia.',
  'feedback.comments': 'Komentarze panelu ({n})',
  'feedback.noComments': 'Brak komentarzy do tego stwierdzenia.',
  'feedback.chart': 'Oceny od {min} do {max}: {counts}. Mediana {median}, środkowa połowa odpowiedzi od {q1} do {q3}.',
  'feedback.chartMine': 'Moja poprzednia odpowiedź: {value}.',
  'feedback.keep': 'Zachowuję odpowiedź ({value})',
  'feedback.kept': 'Odpowiedź została zachowana.',
  'feedback.change': 'Można też wybrać nową ocenę:',

  'end.title': 'Dziękujemy — wszystkie odpowiedzi są zapisane',
  'end.titleSending': 'Dziękujemy — ostatnie odpowiedzi są w drodze',
  'end.body':
    '{n, plural, one {Odpowiedź na jedyne stwierdzenie jest gotowa.} few {Odpowiedziano na wszystkie # stwierdzenia.} many {Odpowiedziano na wszystkie # stwierdzeń.} other {Odpowiedziano na wszystkie # stwierdzenia.}} Do zamknięcia rundy można wrócić i zmienić odpowiedzi.',
  'end.review': 'Przejrzyj moje odpowiedzi',
  'end.next': 'Po zamknięciu rundy zobaczy Pani/Pan, jak odpowiedział panel. Ta strona odświeża się sama.',

  'between.title': 'Runda {n} została zamknięta',
  'between.body': 'Dziękujemy za udział. Poniżej widać, jak odpowiedział panel. Jeśli będzie kolejna runda, pojawi się tu od razu po otwarciu.',
  'between.none': 'Pierwsza runda jeszcze się nie rozpoczęła.',
  'between.noneBody': 'Odpowiadać można od chwili jej otwarcia. Ta strona odświeża się sama.',

  'ideas.title': 'Moje pomysły',
  'ideas.lead': 'W tej rundzie zbieramy pomysły. Można dodać dowolnie wiele, po jednym.',
  'ideas.label': 'Mój pomysł',
  'ideas.category': 'Temat (opcjonalnie)',
  'ideas.anyCategory': 'Dowolny temat',
  'ideas.add': 'Dodaj pomysł',
  'ideas.added': 'Pomysł został dodany.',
  'ideas.yours': 'Dodane pomysły',
  'ideas.none': 'Nie dodano jeszcze żadnych pomysłów.',

  'nosession.title': 'Prosimy otworzyć link z zaproszenia',
  'nosession.body': 'Aby wziąć udział, prosimy otworzyć osobisty link z e-maila z zaproszeniem. Jeśli już nie działa, zespół badania wyśle nowy.',

  'withdrawn.title': 'Zrezygnowano z udziału w badaniu',
  'withdrawn.body': 'Dziękujemy za poświęcony czas. Link już nie działa.',

  'leave.open': 'Zrezygnuj z badania',
  'leave.title': 'Zrezygnować z badania?',
  'leave.confirm': 'Tak, rezygnuję',
  'leave.cancel': 'Zostaję',

  'optout.title': 'Nie będzie więcej przypomnień',
  'optout.body': 'Przypomnienia e-mail dotyczące tego badania są wyłączone. Nadal napiszemy, gdy otworzy się runda.',
  'optout.continue': 'Przejdź do badania',
  'optout.failed': 'Nie udało się wyłączyć przypomnień',
  'optout.failedBody': 'Prosimy spróbować ponownie później albo napisać do zespołu badania.',
  'reminders.label': 'Przypomnienia e-mail',
  'reminders.stateOn': 'włączone',
  'reminders.stateOff': 'wyłączone',
  'reminders.on': 'Przypomnimy przed zamknięciem rundy, jeśli odpowiedzi nie będą kompletne.',
  'reminders.off': 'Bez przypomnień. Nadal napiszemy, gdy otworzy się runda.',
  'ended.title': 'Badanie zakończone — dziękujemy',
  'ended.body': 'Dziękujemy za czas i wiedzę. Kolejnych rund nie będzie. Poniżej widać, jak odpowiedział panel w rundzie {n}.',
  'ended.bodyNone': 'Dziękujemy za czas i wiedzę. Kolejnych rund nie będzie.',

  'live.offline': 'Brak połączenia: strona odświeży się, gdy połączenie wróci.',
  'comment.translated': 'Przetłumaczone przez zespół badania',
  'comment.showOriginal': 'Pokaż oryginał ({language})',
  'comment.hideOriginal': 'Ukryj oryginał',
  'comment.writtenIn': 'Napisane w języku: {language}',
};
export default pl;
