package extract

import (
	"strings"
	"testing"
)

// TestSpeakers covers each way a text gives words to someone, one plain-text article a
// case (paragraphs one a line); want lists the speaker of each quotation in order.
func TestSpeakers(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"X said", "“We will never accept it,” Lavrov said on Wednesday.", []string{"Lavrov"}},
		{"said X", "“It is over,” said Jane Smith, a spokeswoman for the ministry.", []string{"Jane Smith"}},
		{"X, the minister, said", "Sergei Lavrov, the Russian foreign minister, said: “The order is changing.”", []string{"Sergei Lavrov"}},
		{"apposition without a closing comma", "“The air improved,” Kurinji Selvaraj, a research analyst at the Council on Energy think tank told CBS News.", []string{"Kurinji Selvaraj"}},
		{"according to X", "According to his aunt, Jane Starner, “He was brilliant from the start.”", []string{"Jane Starner"}},
		{"trailing according to", "“The talks went well,” according to Elena Marsh.", []string{"Elena Marsh"}},
		{"X warned that", "Elena Marsh warned that the plan “will fail within a year”.", []string{"Elena Marsh"}},
		{"X also warned that", "Wang Yi also warned that the government “will never accept interference”.", []string{"Wang Yi"}},
		{"X told", "Marco Villa told reporters the lander “is almost ready”.", []string{"Marco Villa"}},
		{"X insisted that", "The mayor, Ana Ruiz, insisted that the budget “adds up”.", []string{"Ana Ruiz"}},
		{"colon after the name", "Elena Marsh: “We will not give up.”", []string{"Elena Marsh"}},
		{"trailing signature", "“Had he written five books in that world, he would have been famous.” — Neil Gaiman", []string{"Neil Gaiman"}},
		{"a later sentence continues", "“It overflows,” Apte said. “It has spectacular consequences.”", []string{"Apte", "Apte"}},
		{"preceding sentence", "Elena Marsh spoke on Monday. “We are ready to talk.”", []string{"Elena Marsh"}},
		{"preceding paragraph ends with a colon", "Ms Persson said:\n“The evidence has weakened considerably.”", []string{"Persson"}},
		{"a quotation runs on over paragraphs", "Cheuk Hau-yip, the commander, said: “These rioters are criminals.\n“I don’t see any other option for them.”", []string{"Cheuk Hau-yip", "Cheuk Hau-yip"}},
		{"pronoun", "“We are ready,” Elena Marsh said. Talks resumed at noon. “The order is changing,” she said.", []string{"Elena Marsh", "Elena Marsh"}},
		{"pronoun after another person is named is no one", "“We are ready,” Elena Marsh said. She met John Brown at noon. “The order is changing,” he said.", []string{"Elena Marsh", ""}},
		{"role", "“We are ready,” Foreign Minister Sergei Lavrov said.\n“The order is changing,” the minister said.", []string{"Sergei Lavrov", "Sergei Lavrov"}},
		{"surname", "Elena Marsh said the plan “will fail”.\nLater, “it is over,” Marsh said.", []string{"Elena Marsh", "Elena Marsh"}},
		{"an unnamed speaker names no one", "“Open the door!” an officer shouts. “Step out,” the doctors said.", []string{"", ""}},
		{"scare quotes name no one", "The so-called “reset” proved to be appeasement, and the “Never Again” campaign ended.", []string{"", ""}},
		{"passive is no attribution", "When the substance is feathers, the condition is called “feather duvet lung.”", []string{""}},
		{"a verb inside the quotation attributes nothing", "“Ambassador Volker confirmed it under oath,” Stephanie Grisham said.", []string{"Stephanie Grisham"}},
		{"parenthetical says X", "This system, says Elena Marsh, an immunologist, directs the response. She describes it as “exciting”.", []string{"Elena Marsh"}},
		{"ambassador to a place", "China’s ambassador to Britain Liu Xiaming has said that China has the “resolution and power” to end it.", []string{"Liu Xiaming"}},
		{"a relative clause is no speech", "Martha Fry added that the letter Mike wrote was “kind and loving.”", []string{"Martha Fry"}},
		{"according to X earlier in the sentence", "President Marco Villa, according to the White House, went to hospital for a “quick exam and labs”.", []string{"White House"}},
		{"according to X, then another speaks", "According to AFP, one user on Weibo posted: “How did these two come to Beijing?”", []string{""}},
		{"two quotations share a trailing attribution", "The outages have been “terribly disruptive” and at the moment, “we won’t roll the dice on safety,” company CEO Andy Vesey said.", []string{"Andy Vesey", "Andy Vesey"}},
		{"a sentence after a full stop that says more is no attribution", "Dale Ford wrote: “We went to a steakhouse.” Martha Fry added that the dinner was “kind and loving.”", []string{"Dale Ford", "Martha Fry"}},
		{"a headline carries no speaker over", "“It is working,” Elena Marsh said.\n‘Meth. We’re On It.’: South Dakota spends $449K on new ads", []string{"Elena Marsh", ""}},
		{"a title-case quotation is a title", "According to the band, expect “Listen To The Music” and more.", []string{""}},
		{"a one-word name that the text uses as a name", "BBC host Emily Maitlis kept pressing Andrew on the dates.\nAndrew doesn’t remember the night. “It is an unusual thing for me to do,” he said.", []string{"Andrew"}},
		{"the subject of an opening clause", "Maria Lopez and the women waited for Patrick.\nWhen Patrick walked into the room, the women turned around.\n“Don’t mind me!” he told them.", []string{"Patrick"}},
		{"a quoted clause in the next sentence", "It is unclear which evolved first, Howitt says. Just because scientists found the receptors first, “that doesn’t mean that’s the order in which it evolved.”", []string{"Howitt"}},
		{"a comma and he added end the sentence", "It matters to ask, Owen Dempsey said.\nWhen doctors miss these triggers, they may call the disease “unexplained,” and the diagnosis is delayed or the treatment is wrong, he added.", []string{"Owen Dempsey"}},
		{"a pronoun of the other kind names no one", "In 1997, Elise Matthesen wrote, she interviewed him for a convention.\n“No,” he said.", []string{""}},
		{"a role reaches further back than a pronoun", "Jose Mourinho agreed to join the club.\nThe club had waited.\nThe board met twice.\nFans were told.\nThe 56-year-old said after his appointment: “I am excited to be joining.”", []string{"Jose Mourinho"}},
		{"a contraction is no name", "You’re promised a smooth ride.\n“We will not give up,” the minister said.", []string{""}},
		{"a capitalised noun opening the sentence is no one", "Talks said little about the plan, and the talks ended at noon.\n“We will not give up,” the minister said.", []string{""}},
		{"a one-word name the text never writes in lower case is a name", "Lavrov said the talks ended.\n“We will not give up,” the minister said.", []string{"Lavrov"}},
		{"a clause after the quotation is another's", "While the “Meth. We’re on it.” campaign did not appeal to her, Julie Graham said she did not want to judge it.", []string{""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := textArticle(tc.text)
			var got []string
			for _, q := range a.Quotes {
				got = append(got, q.Speaker)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("speakers = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestSpeakerFar: a speaker the text names in the quotation's paragraph or the one before
// is what it says; one a role or pronoun carries over from further back, or a role the
// text never gave that person, is a guess. Every quotation of a case has the same speaker.
func TestSpeakerFar(t *testing.T) {
	tests := []struct {
		name, text string
		speaker    string
		far        bool
	}{
		{"named in the sentence", "“We will never accept it,” Lavrov said on Wednesday.", "Lavrov", false},
		{"pronoun, name in the paragraph before", "Elena Marsh spoke to reporters on Monday.\n“The plan is dead,” she said.", "Elena Marsh", false},
		{"role the text gave the person", "Foreign Minister Sergei Lavrov said the talks would resume.\n“The plan is dead,” the minister told reporters.", "Sergei Lavrov", false},
		{"role in an apposition", "Sergei Lavrov, the Russian foreign minister, spoke on Monday.\n“The plan is dead,” the minister said.", "Sergei Lavrov", false},
		{"role the text never gave the person", "Ambassador Gordon Sondland said the talks would resume.\n“The plan is dead,” the minister told reporters.", "Gordon Sondland", true},
		{"shared trailing attribution carries the guess", "Ambassador Gordon Sondland said the talks would resume.\nThe plan was “dead” and “we will not go back,” the minister told reporters.", "Gordon Sondland", true},
		{"role, name three paragraphs back", "Martin Taylor said the talks would resume.\nThe city has grown since the war ended.\nPrices of bread have doubled in a year.\n“The plan is dead,” the minister told reporters.", "Martin Taylor", true},
	}
	for _, tc := range tests {
		a := textArticle(tc.text)
		if len(a.Quotes) == 0 {
			t.Fatalf("%s: no quotes", tc.name)
		}
		for i, q := range a.Quotes {
			if q.Speaker != tc.speaker || q.SpeakerFar != tc.far {
				t.Errorf("%s: quote %d: speaker %q far %v, want %q far %v", tc.name, i, q.Speaker, q.SpeakerFar, tc.speaker, tc.far)
			}
		}
	}
}
