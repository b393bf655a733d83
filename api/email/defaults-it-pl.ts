import type { EmailKind } from '../../db/schema';

/** The shipped e-mails in Italian and Polish (kept apart so defaults.ts stays readable; it imports them). */
export const ITALIAN_AND_POLISH: Record<'it' | 'pl', Record<EmailKind, { subject: string; body: string }>> = {
  it: {
    invitation: {
      subject: 'Invito allo studio Delphi «{{study_title}}»',
      body: `Gentile esperta, gentile esperto,

la invitiamo a far parte del panel dello studio Delphi «{{study_title}}». In alcuni round, esperti come lei valutano in forma anonima una serie di affermazioni e vedono come ha risposto l’intero panel. Nessuno nel panel sa chi ha detto cosa.

Il suo link personale (la preghiamo di non inoltrarlo):
{{link}}

Il link apre lo studio nel suo browser. Da lì può anche lasciare lo studio in qualsiasi momento.

Se non desidera ricevere promemoria: {{opt_out_link}}

Grazie,
Il gruppo di ricerca`,
    },
    round_opened: {
      subject: 'Il round {{round_number}} di «{{study_title}}» è aperto',
      body: `Gentile esperta, gentile esperto,

il round {{round_number}} dello studio Delphi «{{study_title}}» è ora aperto.
Chiusura: {{closes_at}}

Il suo link personale (la preghiamo di non inoltrarlo):
{{link}}

Le risposte vengono salvate man mano e può modificarle fino alla chiusura del round.

Se non desidera ricevere promemoria: {{opt_out_link}}

Grazie,
Il gruppo di ricerca`,
    },
    reminder: {
      subject: 'Promemoria: il round {{round_number}} di «{{study_title}}» chiude a breve',
      body: `Gentile esperta, gentile esperto,

il round {{round_number}} dello studio Delphi «{{study_title}}» è ancora aperto e le sue risposte non sono ancora complete. Ogni risposta aiuta il panel a raggiungere un risultato solido.
Chiusura: {{closes_at}}

Il suo link personale (la preghiamo di non inoltrarlo):
{{link}}

Per non ricevere più promemoria per questo studio: {{opt_out_link}}
Può lasciare lo studio dalla pagina che si apre con il suo link.

Grazie,
Il gruppo di ricerca`,
    },
    round_closed: {
      subject: 'Il round {{round_number}} di «{{study_title}}» è chiuso: ecco come ha risposto il panel',
      body: `Gentile esperta, gentile esperto,

il round {{round_number}} dello studio Delphi «{{study_title}}» si è chiuso. Grazie per le sue risposte.

Ora può vedere come ha risposto l’intero panel, accanto alle sue risposte:
{{link}}

Se non desidera ricevere promemoria: {{opt_out_link}}

Grazie,
Il gruppo di ricerca`,
    },
    thank_you: {
      subject: 'Grazie per aver partecipato a «{{study_title}}»',
      body: `Gentile esperta, gentile esperto,

lo studio Delphi «{{study_title}}» è concluso. Grazie per il tempo e le competenze che ci ha dedicato.

I risultati di ogni round restano disponibili tramite il suo link personale:
{{link}}

Grazie,
Il gruppo di ricerca`,
    },
  },
  pl: {
    invitation: {
      subject: 'Zaproszenie do badania delfickiego „{{study_title}}”',
      body: `Dzień dobry,

zapraszamy do udziału w panelu badania delfickiego „{{study_title}}”. W kilku rundach eksperci anonimowo oceniają stwierdzenia i widzą, jak odpowiedział cały panel. Nikt w panelu nie dowie się, kto co powiedział.

Pani/Pana osobisty link (prosimy go nie przekazywać dalej):
{{link}}

Link otwiera badanie w przeglądarce. Tam można też w każdej chwili zrezygnować z udziału.

Jeśli nie chce Pani/Pan otrzymywać przypomnień: {{opt_out_link}}

Dziękujemy,
Zespół badania`,
    },
    round_opened: {
      subject: 'Runda {{round_number}} badania „{{study_title}}” jest otwarta',
      body: `Dzień dobry,

runda {{round_number}} badania delfickiego „{{study_title}}” jest już otwarta.
Zamknięcie rundy: {{closes_at}}

Pani/Pana osobisty link (prosimy go nie przekazywać dalej):
{{link}}

Odpowiedzi zapisują się na bieżąco i można je zmieniać do zamknięcia rundy.

Jeśli nie chce Pani/Pan otrzymywać przypomnień: {{opt_out_link}}

Dziękujemy,
Zespół badania`,
    },
    reminder: {
      subject: 'Przypomnienie: runda {{round_number}} badania „{{study_title}}” wkrótce się zamyka',
      body: `Dzień dobry,

runda {{round_number}} badania delfickiego „{{study_title}}” jest jeszcze otwarta, a Pani/Pana odpowiedzi nie są jeszcze kompletne. Każda odpowiedź pomaga panelowi dojść do rzetelnego wyniku.
Zamknięcie rundy: {{closes_at}}

Pani/Pana osobisty link (prosimy go nie przekazywać dalej):
{{link}}

Aby nie otrzymywać więcej przypomnień dotyczących tego badania: {{opt_out_link}}
Zrezygnować z udziału można na stronie, którą otwiera link.

Dziękujemy,
Zespół badania`,
    },
    round_closed: {
      subject: 'Runda {{round_number}} badania „{{study_title}}” została zamknięta: zobacz odpowiedzi panelu',
      body: `Dzień dobry,

runda {{round_number}} badania delfickiego „{{study_title}}” została zamknięta. Dziękujemy za odpowiedzi.

Teraz można zobaczyć, jak odpowiedział cały panel, obok własnych odpowiedzi:
{{link}}

Jeśli nie chce Pani/Pan otrzymywać przypomnień: {{opt_out_link}}

Dziękujemy,
Zespół badania`,
    },
    thank_you: {
      subject: 'Dziękujemy za udział w badaniu „{{study_title}}”',
      body: `Dzień dobry,

badanie delfickie „{{study_title}}” dobiegło końca. Dziękujemy za poświęcony czas i wiedzę.

Wyniki każdej rundy pozostają dostępne pod Pani/Pana osobistym linkiem:
{{link}}

Dziękujemy,
Zespół badania`,
    },
  },
};
