"""The hand-made evaluation set for trace-to-source, as exact snippets; `python tests/data/align_eval_pairs.py`
writes tests/data/align_eval.jsonl with code-point offsets into the seed files (tests check both agree).

Each pair: a retelling passage (as an analyst would draw the span), the transcript passage(s) it comes from
(the first is the gold passage; further ones are equally right, e.g. where the transcript says it twice), and
the relation judged by hand: quotes (the source's own words, up to punctuation, case, ellipses, quotation
marks), paraphrases (same meaning, other words; a "quote" in another translation's wording is a paraphrase),
distorts (a figure, date, hedge, negation, attribution or scope changed).

tuned: Global Research (000), used while tuning. heldout: bne IntelliNews (001), never tuned on.
"""

from __future__ import annotations

import json
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SOURCE = "002_c2ca0bd9df51f139.txt"
SETS = {"tuned": "000_118c9b2bc2664f6c.txt", "heldout": "001_d240d02874518615.txt"}

P, Q, D = "paraphrases", "quotes", "distorts"

TUNED = [
    ("Aliyev began by praising the Declaration on Allied Interaction between Azerbaijan and Russia that he agreed to with Putin on 22 February 2022 as an historic event in their relations.",
     ["The Declaration on Allied Interaction was signed on February 22, 2022.",
      "In many respects, our countries' foreign policy priorities align, making the signing of this document a truly historic event, I would say."], P),
    ("He appreciated Putin's state visit over the summer", ["It was a state visit, conducted for the first time, this summer."], P),
    ("noted how their trade is rising", ["We continue to identify new areas for trade and economic cooperation, and while our trade is growing - perhaps not as rapidly as we would prefer - there is clear momentum."], P),
    ("Russian visits to Azerbaijan have been restored to their pre-COVID levels", ["Additionally, we are approaching pre-COVID levels in terms of Russian visitors to Azerbaijan, which reflects the positive atmosphere both politically and in terms of people-to-people relations."], D),
    ("there are now twice as many flights as during the Soviet era", ["I believe there are now at least twice as many flights as there were during Soviet times."], P),
    ("Aliyev hopes that there won't be a hot war between NATO and Russia, which would be apocalyptic",
     ["I hope things do not escalate to a direct confrontation between NATO and Russia.",
      "Therefore, imagining a scenario in which NATO and Russia engage in a hot war is akin to imagining a global apocalypse."], P),
    ("expressed optimism that Trump will make positive changes to US foreign policy",
     ["Secondly, I hope that the change in administration in the United States will bring about changes in foreign policy priorities.",
      "The experience of Mr. Trump's first term, along with the statements made by him and members of his team during and after the election campaign, gives us some cause for optimism."], P),
    ("Azerbaijan can also help facilitate a détente between Russia and the US if both are interested.",
     ["I believe Azerbaijan can contribute to the cause of détente - a somewhat forgotten term.",
      "Therefore, should the need arise, we are prepared to contribute to easing tensions."], P),
    ("Azerbaijan is independent of East and West", ["Due to the unique nature of Azerbaijan's foreign policy, and the fact that Azerbaijan is seen as an entirely independent player in both the West and the East, it is positioned to play a distinct role."], P),
    ("has the unique status of being allied with both Russia and NATO-member Turkiye", ["Azerbaijan is the only country that is an ally of both Russia and Türkiye, a NATO member."], P),
    ("previously hosted meetings between top Russian, US, and NATO military officials, which wasn't by chance since it's equally trusted by them",
     ["A series of high-level meetings have already taken place, including those between the Chief of General Staff of the Russian Army and the Chief of NATO’s Military Committee. Senior officials from both the United States and Russia have also met in Baku. After all, Baku was chosen for these meetings not by chance."], P),
    ("In response to being asked about reports that Azerbaijan will host a Turkish base, he said that such isn't needed",
     ["I must emphasize that there is no need for a Turkish military base in Azerbaijan.", "No, we don’t need one - in a nutshell."], P),
    ("since their 2021 Declaration on Allied Relations already includes a mutual defense clause", ["The Declaration on Allied Relations between Türkiye and Azerbaijan, signed a year before the declaration between Azerbaijan and Russia, includes a provision for mutual military assistance in the event of a threat or act of aggression."], P),
    ("Azerbaijan plans to buy new Russian arms, but there haven't been any new contracts lately since Russia's military-industrial complex is prioritizing domestic demand.",
     ["Yes, we do, but I must emphasize that no new contracts for the purchase of Russian weapons have been signed in at least the last three years. The reason for this is that the Russian defense industry is primarily focused on domestic consumers."], P),
    ("The deadline for implementing prior contracts was also pushed back at Russia's request", ["The deadlines for the implementation of some contracts, which were signed even four years ago, have been pushed back at Russia's request."], P),
    ("has temporarily withdrawn from the international arms market for obvious reasons", ["As far as I know, Russia has temporarily withdrawn from the international arms market for obvious reasons."], Q),
    ("he expects Azerbaijan to make new requests for some of the new arms that Russia has developed", ["We have already submitted new requests, and as soon as the Russian defense industry is ready, we will, of course, proceed with new contracts."], P),
    ("That'll lead to the resumption of military cooperation.", ["Therefore, I view this process as temporarily suspended for objective reasons."], P),
    ("Nikol Pashinyan'**s recent claim about his country's relations with the CSTO having reached the point of no return is a direct threat to Azerbaijan",
     ["It represents a direct threat; one we have repeatedly discussed both publicly and in my talks with the Armenian Prime Minister.",
      "Nikol Pashinyan has declared a point of no return in his relations with the CSTO and is intensifying relations with France."], P),
    ("the concerns of which he conveyed to the US and France", ["We have also communicated our concerns to the government of France and to the leadership of the United States, which, under the Biden administration, shifted its previously balanced approach to the countries of the South Caucasus and chose to provide unilateral support to Armenia."], P),
    ("The US changed its balanced approach to the region under the Biden Administration to one of unilaterally supporting Armenia.", ["We have also communicated our concerns to the government of France and to the leadership of the United States, which, under the Biden administration, shifted its previously balanced approach to the countries of the South Caucasus and chose to provide unilateral support to Armenia."], P),
    ("Aliyev also described the State Department as Armenia's patron and Soros' people in DC as its sponsors.",
     ["Therefore, we have been - and will continue to be - clear with Armenia's sponsors - conditionally speaking, the Soros-affiliated individuals in Washington - both through negotiations and within the framework of the delimitation commission working between Armenia and Azerbaijan.",
      "We have repeatedly informed Armenia and its supporters in the U.S. State Department that this must stop."], P),
    ("France, India, and the US are sending lethal arms to Armenia, but only the first two admit it", ["While France and India do not hide the fact that they are supplying lethal weapons to Armenia - and even seem to take pride in it, likely to provoke us - the United States does not publicly admit it."], P),
    ("though Azerbaijan tracked American military transport planes and thus has evidence of these transfers", ["However, we have tracked military transport planes landing at Armenian airports, delivering weapons."], P),
    ("Aliyev would prefer to spend his state's funds on reconstructing Karabakh and on social payments", ["Instead, we would focus it on the reconstruction of Karabakh, social payments, and other priorities."], P),
    ("is compelled to have a record \\$5 billion military\n\nbudget this year", ["Our military budget for 2025 will be a record high - around five billion dollars."], D),
    ("He warned that Armenia cannot possibly win the arms race that it's provoking in the region.",
     ["First of all, Armenia will not be able to compete with us in an arms race, despite receiving most of their arms from the West, either for free or on loan, which will ultimately be written off.",
      "Even with this support, they will not withstand an arms race with us."], P),
    ("This is in spite of Armenia receiving its latest equipment either for free or with loans that can later be written off.", ["First of all, Armenia will not be able to compete with us in an arms race, despite receiving most of their arms from the West, either for free or on loan, which will ultimately be written off."], P),
    ("The US and France won't help it if there's another ground provocation", ["They also need to realize that, despite maximum backing from Macron’s regime and the U.S. State Department, if they attempt another provocation against us on the ground, no one will come to their aid."], P),
    ("Aliyev said that Armenia's discussions about peace and its simultaneous arming by the West are incompatible courses", ["The peace treaty and the simultaneous arming of Armenia against us are two incompatible paths."], P),
    ("It also needs to agree to two outstanding issues with Azerbaijan in order for a peace treaty to be signed.", ["Of the 17 articles in this document, 15 have been agreed upon, leaving only two unresolved."], P),
    ("These are refraining from filing international lawsuits against one another", ["One of the issues is about refraining from filing international lawsuits against each other."], P),
    ("and not deploying representatives from other countries along their mutual border", ["The other article concerns the non-deployment of representatives of other countries on our border."], P),
    ("NATO infrastructure has clandestinely been created in Armenia under the cover of EU observers, according to Aliyev", ["Because, under the guise of so-called European observers, NATO infrastructure has been established on the Armenian side of the border."], P),
    ("with the EU mission seamlessly turning into a NATO one through Canada's involvement", ["Moreover, the mission seamlessly transformed into a NATO mission, as representatives from Canada also joined."], P),
    ("Armenia must also amend its constitution to remove the reference to its Declaration of Independence that makes claims to Azerbaijan.", ["The first is amending its Constitution. The Armenian Constitution includes a reference to the Declaration of Independence, which in turn makes territorial claims against Azerbaijan and declares the former Nagorno-Karabakh Autonomous Region as part of Armenia."], P),
    ("The OSCE Minsk Group must be abolished too since it's no longer necessary.", ["Our second condition is the dissolution of the OSCE Minsk Group."], P),
    ("The fact that Armenia refuses to comply with any of Azerbaijan's preceding requirements for peace suggests that the revanchists' plans are quite serious in Aliyev's words", ["Armenia’s reluctance to dissolve it and to join us in requesting its dissolution from the OSCE indicates that the plans of the revanchists are quite serious."], D),
    ("Karabakh's remaining Armenian community, which he said numbers just\n\napproximately 20 people.", ["As of about two months ago, the latest information indicated that approximately 20 residents of Armenian nationality were still living there."], P),
    ("They were all informed ahead of September 2023's one-day anti-terrorist operation of the state's plans to reintegrate them into its fold", ["Even before we conducted the one-day anti-terror operation in September 2023, we had officially published a plan for the reintegration of Karabakh Armenians into the Azerbaijani state."], P),
    ("yet their self-appointed public representatives ignored this", ["They ignored us, refused to meet with us, and did not want to engage in dialogue."], P),
    ("Aliyev then brought up how Armenia deported around 300,000 Azeris in the 1980s and 1990s.", ["At the same time, the community of Azerbaijanis who were originally from Armenia and deported in the late 1980s and early 1990s - approximately 300,000 people - has officially applied to the Armenian leadership, requesting conditions for their return and reintegration."], P),
    ("has officially applied to the Armenian leadership requesting conditions for their return and reintegration", ["At the same time, the community of Azerbaijanis who were originally from Armenia and deported in the late 1980s and early 1990s - approximately 300,000 people - has officially applied to the Armenian leadership, requesting conditions for their return and reintegration."], Q),
    ("but have yet to receive a response", ["Therefore, we are still waiting for a response from the Armenian leadership regarding how they envision the reintegration of Azerbaijanis into their historical lands."], P),
    ("Aliyev suggested that each side's associated policies follow a parallel course", ["I believe that if these two processes proceed in parallel, it will create an even better public atmosphere for peace."], P),
    ("The Governor of Astrakhan Region is involved in the construction of a kindergarten there", ["Yes, a project for the construction of a kindergarten has recently been initiated on behalf of the governor of the Astrakhan region."], P),
    ("while other Russian companies already supply goods and services for other reconstruction projects", ["Several Russian companies are involved as suppliers of goods and services for the reconstruction, and there are also Russian contractors."], P),
    ("Aliyev hopes that more will get involved since their infrastructure expertise in building roads, tunnels, and bridges is much-needed in Karabakh.", ["I believe there could be more, as the scope of the reconstruction work is quite extensive and primarily focuses on infrastructure projects - roads, railroads, tunnels, and bridges."], P),
    ("There are also investment opportunities there too as proven by Tatarstan building a KAMAZ service center in the region.", ["The first investment project, by the way, was implemented by Tatarstan: a KAMAZ service center in the Jabrayil district, which was inaugurated by the head of Tatarstan and myself."], P),
    ("highlighting its enormous fossil fuel deposits", ["Azerbaijan’s proven natural gas reserves are around 2.6 trillion cubic meters."], P),
    ("but also emphasizing its recent investments in wind and solar energy", ["We are also developing solar and wind energy with foreign investments."], D),
    ("It won't rule out nuclear power plants, which Russia could help Azerbaijan construct, but still needs to look into it some more.", ["So, to answer your question: it's not a simple yes or no. It’s more likely to be yes, but there’s still some groundwork to be done."], D),
    ("Aliyev also passionately denied that his country is a petro-state after being smeared as such by the Western media ahead of hosting COP29 last month.",
     ["Various Western media outlets began referring to us as a \"petro-state,\" though there is nothing inherently wrong with that.",
      "However, it is not quite the same today, our production is around 30 million tons, and the fake news of a country like the United States, which produces nearly a billion tons of oil, labels us a “petro-state.”"], P),
    ("The US produces almost a billion tons of oil compared to Azerbaijan's 30 million, yet nobody describes it as such.", ["However, it is not quite the same today, our production is around 30 million tons, and the fake news of a country like the United States, which produces nearly a billion tons of oil, labels us a “petro-state.”"], P),
    ("Canada also produces ten times as much Azerbaijan does", ["When their neighbor like Canada produces 10 times more oil than we do and still describes us as a “petro-state,” it is unfair."], P),
    ("These attacks and others come from what Aliyev described as the \"lying four\": the Washington Post, the New York Times, Figaro, and Le Monde.", ["But a group of such fake news outlets – by the way, this is not my expression, I borrowed it from President Trump, and I quite like it – the 'lying four,' as we call them, namely the Washington Post, the New York Times, Figaro, and Le Monde, together with the State Department's toadies in the form of various non-governmental organizations, have launched a smear campaign, a daily barrage of attacks on us."], P),
    ("Their daily smear campaign against Azerbaijan is also aided by the State Department and allied NGOs.", ["But a group of such fake news outlets – by the way, this is not my expression, I borrowed it from President Trump, and I quite like it – the 'lying four,' as we call them, namely the Washington Post, the New York Times, Figaro, and Le Monde, together with the State Department's toadies in the form of various non-governmental organizations, have launched a smear campaign, a daily barrage of attacks on us."], P),
    ("Their two nations used to be so close that Aliyev's father's first foreign trip was to France as was his own after entering office", ["When my father was elected President in 1993, his first official visit was to France. They were the first to invite him. When I became President in 2003, France was also the first country to invite me, and my first visit was there."], P),
    ("but that's all in the past now after France sided with the occupiers during the Second Karabakh War", ["When the Second Karabakh War began and they clearly sided with the occupiers, that was the first sign that something was wrong in our relations - well, on their part."], P),
    ("France even went as far as trying to get the UNSC to pass five resolutions against Azerbaijan", ["After September 2023, they tried five times to push the issue through to the Security Council and failed each time."], D),
    ("and after failing, it then turned to the EU to sanction Azerbaijan simply for protecting its sovereignty", ["Then, they took another approach and turned to the European Union. They tried to sanction Azerbaijan."], P),
    ("Aliyev accordingly described Macron's government as a dictatorship and regime", ["This is Macron's dictatorship. This is Macron's regime."], P),
    ("He also mentioned how the Corsican language is banned", ["What can be said about New Caledonia, when right in the heart of Europe, in Corsica, they ban the Corsican language?"], P),
    ("Aliyev mentioned that Macron is turning France into a failed state after its spree of failed policies in the Sahel, Lebanon, Azerbaijan, and Georgia.", ["The Macron regime is essentially turning France into a failed state."], P),
    ("Moody's continues downgrading his country month after month due to its enormous external debt", ["Well, look, Moody's is downgrading France's ratings month after month."], P),
    ("Aliyev's reference to Georgia segued into some comments about that country's political crisis, which he said is due to foreign NGOs", ["Again, returning to external influence, it turns out that there are thousands of non-governmental organizations operating in Georgia that receive funding from the West."], P),
    ("adding that the Biden Administration's obtrusiveness is also to blame", ["For many things, but, among others, for being too obtrusive."], P),
    ("Unlike Azerbaijan, Georgia waited too long to address these problems, and it's now paying the price.", ["It seems to me that Georgia missed a certain window of time in putting this in order, and by the time it was done, as they say, the train had already left."], P),
    ("What's happening there right now is part of what Aliyev described as a \"Battle for the Caucasus\".", ["Because, if I may say so by analogy, this is a battle for the Caucasus."], P),
    ("In his view, Armenia has already chosen its side, but hasn't de jure withdrawn from the CSTO because the State Department won't yet give the go-ahead.", ["According to our verified information, the only reason they haven't left de jure is that they have not yet received the go-ahead from the Department of State."], P),
    ("Azerbaijan is fully independent and neutral", ["Azerbaijan is an independent and capable player, able to stand up for itself."], P),
    ("the Azerbaijani leader confirmed that there have never been nor ever will be any restrictions on the Russian language in his country", ["It is easy because the Russian language is in demand in society, and there have never been, nor will there ever be, any restrictions on it - at least during my father’s and my time."], P),
    ("There are already 320 schools teaching Russian", ["We have more than 320 schools where classes are taught in Russian."], P),
    ("Knowledge of Russian provides Azerbaijanis with a window into its science and literature", ["A good command of a language gives you the opportunity to fully delve into its literature and scientific developments."], P),
    ("facilitates their communication within the CIS", ["This also gives our people the chance to communicate with their friends and colleagues not only in Russia but also in other CIS countries."], P),
    ("and makes the Russian minority comfortable", ["And of course, it also serves as a factor of comfort for the Russian community in Azerbaijan."], P),
    ("Aliyev also said that he'll never allow Azerbaijan to become a nest of subversive emigrant activities aimed against Russia", ["You once said that you would not allow the creation of an emigrant nest in Azerbaijan aimed at subversive activities in Russia."], P),
    ("About Putin, Aliyev said that they and their people are brought together due to their commitment to national roots and traditional values", ["What else brings our countries, peoples, and leadership together? It is our commitment to our national roots and traditional values."], P),
    ("something that they also share with Trump", ["This is what sets us apart in a positive way, and the trends we are observing in the world - including the election of Trump as President - show that one of the factors is precisely that he, as they say, is in the same boat with us when it comes to traditional values."], P),
    ("They all want to reverse socio-cultural trends that harm humanity and end this debauchery.", ["I believe that we will be able to reverse this harmful trend for humanity - this debauchery, this ostentatious obscurantism that we saw at the opening of the Paris Olympics - and turn it back."], P),
]

HELDOUT = [
    ("Aliyev described the Declaration on Allied Interaction signed with Russia in February 2022 as a “historic event”, despite global upheavals.",
     ["In many respects, our countries' foreign policy priorities align, making the signing of this document a truly historic event, I would say.",
      "The Declaration on Allied Interaction was signed on February 22, 2022."], P),
    ("He noted the visit of Russian President Vladimir Putin to Azerbaijan in 2023 as symbolic of the alliance's strength.",
     ["Since the signing of the declaration, Russian President Vladimir Vladimirovich Putin paid a highly significant and historic visit to Azerbaijan. While he has visited us many times before, this particular visit was unique. It was a state visit, conducted for the first time, this summer."], D),
    ("\"Today, Russia and Azerbaijan are reliable partners,\" he said.", ["Today, Azerbaijan and Russia are two reliable partners, and I am confident there is no doubt about this in either Azerbaijan or Russia."], P),
    ("\"In difficult times, we have always acted with mutual understanding and friendship. This will remain unchanged,\" Aliyev added.", ["As I have mentioned before, in challenging times for our countries, we have consistently demonstrated mutual understanding and acted in a friendly and supportive manner. I firmly believe that this spirit of cooperation and solidarity will continue into the future."], P),
    ("Aliyev welcomed Russian companies’ participation in rebuilding Karabakh, after Baku regained control of the territory, mentioning a kindergarten project initiated by Astrakhan’s governor", ["Yes, a project for the construction of a kindergarten has recently been initiated on behalf of the governor of the Astrakhan region."], P),
    ("and called for greater Russian investment", ["We look forward to further investments, and contractors are also welcome."], P),
    ("\"We need more Russian contractors in large infrastructure projects — roads, tunnels, bridges. The opportunities are vast,\" he said.", ["I believe there could be more, as the scope of the reconstruction work is quite extensive and primarily focuses on infrastructure projects - roads, railroads, tunnels, and bridges."], P),
    ("Aliyev expressed hope that a direct confrontation could be avoided", ["I hope things do not escalate to a direct confrontation between NATO and Russia."], P),
    ("\"Imagining Nato and Russia in a hot war is imagining an apocalypse. There will be no winners,\" he said.", ["Therefore, imagining a scenario in which NATO and Russia engage in a hot war is akin to imagining a global apocalypse. It’s clear that there would be no winners in such a war."], P),
    ("Aliyev pointed to a potential shift in US foreign policy when Trump returns to office, referencing Trump’s \"clear stance\" on avoiding global escalations.",
     ["Secondly, I hope that the change in administration in the United States will bring about changes in foreign policy priorities.",
      "The experience of Mr. Trump's first term, along with the statements made by him and members of his team during and after the election campaign, gives us some cause for optimism."], P),
    ("Aliyev also highlighted Azerbaijan's unique position as the only country allied with both Russia and Nato-member Turkey.", ["Azerbaijan is the only country that is an ally of both Russia and Türkiye, a NATO member."], P),
    ("\"This allows us to contribute to détente – a word we seem to have forgotten. We are trusted in the West, in Russia, and in the East,\" he said.", ["I believe Azerbaijan can contribute to the cause of détente - a somewhat forgotten term."], P),
    ("He pointed out that Baku had previously hosted meetings between Nato and Russian military officials.",
     ["A series of high-level meetings have already taken place, including those between the Chief of General Staff of the Russian Army and the Chief of NATO’s Military Committee.",
      "Senior officials from both the United States and Russia have also met in Baku."], P),
    ("\"Few countries have such credibility. We are ready, if needed, to help reduce tensions,\" Aliyev added.",
     ["Therefore, should the need arise, we are prepared to contribute to easing tensions.",
      "There are very few countries that enjoy the trust of the West, Russia, and the East."], P),
    ("\"What brings our countries, nations, and leadership closer is our commitment to national roots and traditional values. This is, one could say, a rarity in some regions today,\" he said.", ["What else brings our countries, peoples, and leadership together? It is our commitment to our national roots and traditional values. Today, this is a rarity in some regions."], P),
    ("\"Either there is external governance, or there is complete moral degradation — or both together,\" he said.", ["Either there is external control, complete moral degradation, or both combined."], P),
    ("\"Trump, as we say, is in the same boat as us when it comes to traditional values,\" he said.", ["This is what sets us apart in a positive way, and the trends we are observing in the world - including the election of Trump as President - show that one of the factors is precisely that he, as they say, is in the same boat with us when it comes to traditional values."], P),
    ("\"The opening ceremony of the Paris Olympics was a display of debauchery and backwardness. This destructive trend for humanity must be reversed,\" he said.", ["I believe that we will be able to reverse this harmful trend for humanity - this debauchery, this ostentatious obscurantism that we saw at the opening of the Paris Olympics - and turn it back."], P),
    ("\"Leaders will do this. Societies that believe in their leaders will do this. We will do this. Otherwise, we will find ourselves in the minority. And we cannot be in the minority,\" he concluded.", ["The leaders will do this, and the society that believes in its leaders will do this. We will do this, by all means! Otherwise, we will find ourselves in the minority. And we cannot be in the minority."], P),
    ("\"Look at New Caledonia and Mayotte — 75% of the population lives below the poverty line.", ["Euronews reported yesterday that 75 percent of the population of Mayotte lives below the poverty line, and 30 to 40 percent of the housing is dilapidated."], D),
    ("\"They [France] tried five times to drag the Karabakh issue to the UN Security Council. Each time, they failed.", ["After September 2023, they tried five times to push the issue through to the Security Council and failed each time."], P),
    ("France is used to teaching others but cannot face its own failures,\" Aliyev said.", ["They are not used to being lectured on justice. They are used to lecturing others."], P),
    ("\"Macron and others in the West arm Armenia under the guise of assistance. If Armenia starts provocations, no one will help them on the ground — just like in 2020 and 2023,\" he added.", ["They also need to realize that, despite maximum backing from Macron’s regime and the U.S. State Department, if they attempt another provocation against us on the ground, no one will come to their aid. After all, how did Macron help them in 2020 or 2023?"], P),
    ("\"The Biden administration is defined by its intrusiveness. Trump understood: that help should not be imposed. If he returns, perhaps structures like USAID will finally disappear,\" he said.",
     ["For many things, but, among others, for being too obtrusive.", "It is not banned in our country yet, but I think Trump may ban it."], P),
    ("\"We know what it is like to deal with foreign-funded NGOs,\" he said, pointing to Azerbaijan's decision to regulate foreign grants.",
     ["Therefore, any grant issued by any organization, whether Azerbaijani or foreign, must be registered, and the relevant authorities must decide whether to approve it or not.",
      "The people working in these organizations or receiving salaries are likely tens of thousands, if not more. And we know what this means."], P),
    ("\"We cleaned up this sphere long ago. Why should our media be funded from abroad? Do we fund their media?\"", ["For example, Azerbaijani media cannot be financed by a foreign source, even by one percent. They cannot. Why? We do not finance U.S. media, right? Then why should they finance ours?"], P),
    ("accusing RFE/RL and Voice of America of slandering Azerbaijan", ["Through their obedient resources, like \"Voice of America\" and \"Radio Liberty,\" they throw dirt at our people and our country day and night anyway."], P),
    ("Aliyev noted a similar scenario, accusing \"thousands of NGOs\" of operating with Western backing", ["Again, returning to external influence, it turns out that there are thousands of non-governmental organizations operating in Georgia that receive funding from the West."], P),
    ("\"Georgia’s stability is vital. The situation there is stabilising, and we welcome that.", ["In Georgia, I see that the situation is stabilizing, and we are happy about this."], P),
    ("\"As we say, the ears of Macron stick out everywhere,\" Aliyev added.", ["And again, as you can see, Macron’s ears are sticking out again."], D),
    ("He also openly admitted his country is interfering in Georgian affairs: \"Azerbaijan is doing everything to ensure that the political situation in Georgia remains stable,\" he said", ["For this reason, we strive to ensure that the situation in Georgia aligns with its political direction, remains stable, and that Georgia develops successfully."], D),
    ("Aliyev announced Azerbaijan’s record $5bn military budget for 2025.", ["Our military budget for 2025 will be a record high - around five billion dollars."], P),
    ("\"We are forced to respond. Armenia will not win this arms race, even if weapons are handed to them for free,\" he said.", ["First of all, Armenia will not be able to compete with us in an arms race, despite receiving most of their arms from the West, either for free or on loan, which will ultimately be written off."], P),
    ("Aliyev stated that around 20 Armenians remain in the region, receiving full Azerbaijani support",
     ["As of about two months ago, the latest information indicated that approximately 20 residents of Armenian nationality were still living there.",
      "When the situation changed, those who remained there - fewer than 30 people, some of whom later left - are still receiving social assistance from Azerbaijan."], P),
    ("\"We proposed reintegration plans, publicly available online. They refused.", ["This plan was made public and posted online.", "This is the process, and we proposed the same. However, it was rejected."], P),
    ("Now, they can either apply for residency, citizenship, or work permits — just like anyone else,\" he said", ["They are just like anyone else. For example, a person from Azerbaijan goes to Russia to work, applies for a residence or work permit, gets registered, and eventually applies for citizenship."], P),
    ("\"Some 300,000 Azerbaijanis deported in the 1990s have the right to return to their historical lands,\" he added.",
     ["At the same time, the community of Azerbaijanis who were originally from Armenia and deported in the late 1980s and early 1990s - approximately 300,000 people - has officially applied to the Armenian leadership, requesting conditions for their return and reintegration.",
      "The fact that they were deported in the early 1990s does not mean they have no right to return."], P),
    ("Aliyev addressed Azerbaijan’s procurement of Russian weapons, noting that no new contracts had been signed in the past three years.", ["Yes, we do, but I must emphasize that no new contracts for the purchase of Russian weapons have been signed in at least the last three years."], P),
    ("\"The reason is clear — Russia’s defence industry is prioritising its domestic needs,\" he said.", ["The reason for this is that the Russian defense industry is primarily focused on domestic consumers."], P),
    ("Aliyev revealed that some existing contracts were postponed at Russia’s request.", ["The deadlines for the implementation of some contracts, which were signed even four years ago, have been pushed back at Russia's request."], P),
    ("\"We agreed to delay implementation, understanding the situation.", ["We agreed to this, understanding the situation, which has led to the inability to fulfill these contracts."], P),
    ("However, we remain interested in modern Russian defence technologies and have recently submitted new procurement requests,\" he said.", ["We have already submitted new requests, and as soon as the Russian defense industry is ready, we will, of course, proceed with new contracts."], P),
    ("\"Once Russia is ready to resume international supply, we will sign new agreements,\" he added.", ["We have already submitted new requests, and as soon as the Russian defense industry is ready, we will, of course, proceed with new contracts."], P),
    ("Aliyev firmly dismissed speculation about the establishment of a Turkish military base in Azerbaijan. \"No, there is no need for it,\" he said.",
     ["I must emphasize that there is no need for a Turkish military base in Azerbaijan.", "No, we don’t need one - in a nutshell."], P),
    ("\"Turkey and Azerbaijan have cooperated militarily since 1992.", ["Azerbaijan has been cooperating militarily with Türkiye since the restoration of our independence, beginning in 1992."], P),
    ("Over the past 30 years, Turkish support has played a major role in modernising our army, aligning it to high standards in operations, intelligence, and planning,\" he added.", ["Of course, the forms of cooperation evolve based on need, but I must stress that over the past 30-plus years, Türkiye and its military structures have played a significant role in modernizing the Azerbaijani army. They have helped bring it to high standards in terms of combat readiness, operational planning, situational analysis, and military intelligence capabilities."], P),
    ("Aliyev pointed out that the Shusha Declaration between Azerbaijan and Turkey already ensures mutual defence commitments.", ["The Declaration on Allied Relations between Türkiye and Azerbaijan, signed a year before the declaration between Azerbaijan and Russia, includes a provision for mutual military assistance in the event of a threat or act of aggression."], P),
    ("\"This agreement makes permanent military infrastructure unnecessary,\" he said.", ["Therefore, this clause in the declaration essentially renders the establishment of permanent military infrastructure on either territory unnecessary."], P),
    ("\"Claims about a Turkish base are mere political speculation,\" he added.", ["Therefore, such fake news is nothing more than political speculation."], P),
    ("\"We have 2.6 trillion cubic metres of gas reserves and growing renewable energy production.", ["Azerbaijan’s proven natural gas reserves are around 2.6 trillion cubic meters."], P),
    ("Nuclear power is not urgent, but we are studying mini-reactor projects for scientific purposes,\" he said.", ["That is why I have already issued instructions to explore the potential of experimental structures - specifically, experimental, scientific mini-reactors for research purposes - to assess what benefits this might bring us from that perspective."], P),
    ("He highlighted Azerbaijan’s planned 4,000 MW power cable to Europe at the bottom of the Black Sea as part of its green energy agenda",
     ["Initially, the capacity will be 4,000 megawatts, but considering the energy needs of European countries—and the fact that they are investing heavily themselves—we know there will still be a shortfall.",
      "I believe this could be a good investment opportunity, especially since, in the coming weeks or months, the feasibility study for the construction of an energy cable from Azerbaijan to Europe, across the Black Sea, will be finalized."], P),
    ("\"If foreign investors show interest, we are open,\" he added.", ["If a company from a certain country shows interest, we could act as co-investors as well."], P),
    ("Aliyev sharply criticised what he described as moral decline and external influences destabilising societies.", ["Either there is external control, complete moral degradation, or both combined."], P),
]


def _find(text: str, snippet: str, where: str) -> tuple[int, int]:
    i = text.find(snippet)
    if i < 0:
        raise SystemExit(f"not found in {where}: {snippet[:80]!r}")
    if text.find(snippet, i + 1) >= 0:
        raise SystemExit(f"not unique in {where}: {snippet[:80]!r}")
    return i, i + len(snippet)


def build() -> list[dict]:
    source = (SEEDS / SOURCE).read_text(encoding="utf-8")
    out = []
    for name, pairs in (("tuned", TUNED), ("heldout", HELDOUT)):
        retelling = (SEEDS / SETS[name]).read_text(encoding="utf-8")
        for n, (r, sources, relation) in enumerate(pairs, 1):
            a, b = _find(retelling, r, SETS[name])
            golds = []
            for s in sources:
                x, y = _find(source, s, SOURCE)
                golds.append({"start": x, "end": y, "text": s})
            out.append({"id": f"{name}-{n:02d}", "set": name, "retelling_file": SETS[name], "start": a, "end": b,
                        "text": r, "source_file": SOURCE, "sources": golds, "relation": relation})
    return out


if __name__ == "__main__":
    rows = build()
    path = Path(__file__).with_name("align_eval.jsonl")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} pairs -> {path}")
