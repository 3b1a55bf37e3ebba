# Generates wire.jsonl: stories written for Herald's judged measurement in the
# shape of 1980s Reuters wire copy (title in capitals, dateline, lines wrapped
# at 65 columns, indented paragraphs, closing "Reuter"), with the entities each
# is about. The stories are invented for this purpose; names of real public
# bodies and people are used as wire copy would.
import json, textwrap
P, L, O = "person", "place", "organisation"
def wrap(paras):
    out = []
    for p in paras:
        out.append(textwrap.fill(p, width=65, initial_indent="    ", break_long_words=False, break_on_hyphens=False))
    return "\n".join(out) + "\n Reuter\n"
S = []
def story(id, split, title, paras, gold):
    S.append({"id": id, "split": split, "title": title, "text": wrap(paras),
              "gold": [{"name": g[0], "kind": g[1], "aliases": list(g[2:])} for g in gold]})

story("w01", "dev", "MIYAZAWA SAYS JAPAN WILL NOT INTERVENE TO SUPPORT DOLLAR", [
 "TOKYO, March 3 - Finance Minister Kiichi Miyazawa said Japan would not intervene in currency markets to support the dollar, which fell to 150.20 yen in Tokyo trading.",
 "Miyazawa told a parliamentary committee that the Bank of Japan would keep its discount rate at 3.0 pct. He said he would discuss exchange rates with U.S. Treasury Secretary James Baker at the Group of Seven (G-7) meeting in Paris later this month.",
 "Dealers said the G-7 meeting was unlikely to halt the dollar's slide."],
 [("Kiichi Miyazawa", P, "Miyazawa"), ("Japan", L), ("Tokyo", L), ("Bank of Japan", O), ("James Baker", P, "Baker"), ("Group of Seven", O, "G-7", "G7"), ("Paris", L), ("United States", L, "U.S."), ("U.S. Treasury", O, "Treasury")])
story("w02", "dev", "SEC PROBES INSIDER TRADING IN CAESARS WORLD SHARES", [
 "WASHINGTON, March 4 - The Securities and Exchange Commission (SEC) said it had opened an investigation into trading in the shares of Caesars World Inc <CAW> ahead of a takeover bid by Martin Sosnoff.",
 "An SEC spokesman said the agency had asked the New York Stock Exchange for records of trades made in the two weeks before the offer. Caesars World, based in Los Angeles, declined to comment.",
 "Sosnoff's MTS Acquisition Corp offered 28 dlrs a share for the casino operator last month."],
 [("Securities and Exchange Commission", O, "SEC"), ("Caesars World", O), ("Martin Sosnoff", P, "Sosnoff"), ("New York Stock Exchange", O), ("Los Angeles", L), ("Washington", L), ("MTS Acquisition", O)])
story("w03", "dev", "EC FARM MINISTERS FAIL TO AGREE ON PRICE PACKAGE", [
 "BRUSSELS, March 5 - European Community (EC) farm ministers failed to agree on a package of farm prices for the coming season after two days of talks, diplomats said.",
 "West German Agriculture Minister Ignaz Kiechle rejected proposals from the EC Commission to cut cereal prices, saying they would hurt German farmers. Britain and the Netherlands backed the Commission.",
 "EC Farm Commissioner Frans Andriessen said he would present new proposals next week. The ministers will meet again in Luxembourg on March 16."],
 [("European Community", O, "EC"), ("Brussels", L), ("Ignaz Kiechle", P, "Kiechle"), ("European Commission", O, "EC Commission", "Commission"), ("West Germany", L, "West German"), ("Britain", L), ("Netherlands", L), ("Frans Andriessen", P, "Andriessen"), ("Luxembourg", L)])
story("w04", "dev", "USDA SAYS WHEAT EXPORTS TO SOVIET UNION ROSE", [
 "WASHINGTON, March 6 - U.S. wheat exports to the Soviet Union rose to 1.2 mln tonnes in the week ended March 1, the U.S. Agriculture Department said.",
 "The USDA said total U.S. grain inspections for export were 2.8 mln tonnes, up from 2.3 mln a week earlier. Egypt and China were also large buyers of U.S. wheat, the Department of Agriculture said.",
 "Agriculture Secretary Richard Lyng said on Monday the Soviet Union had asked for more grain under the long-term agreement."],
 [("U.S. Department of Agriculture", O, "USDA", "U.S. Agriculture Department", "Department of Agriculture", "Agriculture Department"), ("Soviet Union", L), ("United States", L, "U.S."), ("Washington", L), ("Egypt", L), ("China", L), ("Richard Lyng", P, "Lyng")])
story("w05", "dev", "MOODY'S DOWNGRADES TEXACO DEBT", [
 "NEW YORK, March 9 - Moody's Investors Service Inc said it lowered the ratings on about 8.5 billion dlrs of debt of Texaco Inc <TX> and its units.",
 "Moody's cut Texaco's senior debt to Ba-1 from Baa-2 and its commercial paper to Not Prime from Prime-2. The agency cited the uncertainty over the company's dispute with Pennzoil Co <PZL>.",
 "Standard and Poor's Corp placed Texaco's AA-minus rated debt on its CreditWatch list last month, and a Texaco spokesman in White Plains, N.Y., said the company would appeal."],
 [("Moody's Investors Service", O, "Moody's"), ("Texaco", O), ("Pennzoil", O), ("Standard and Poor's", O, "Standard & Poor's", "S&P"), ("New York", L), ("White Plains", L)])
story("w06", "dev", "IVORY COAST SEEKS TALKS ON COCOA PACT", [
 "ABIDJAN, March 10 - Ivory Coast, the world's largest cocoa producer, wants talks with consumer countries on the future of the International Cocoa Organization (ICCO) buffer stock, officials said.",
 "Agriculture Minister Denis Bra Kanon told reporters that Ivory Coast would not sell cocoa to the buffer stock at current prices. He said Ghana and Brazil shared his concern.",
 "ICCO executive director Kobena Erbynn will visit Abidjan next week, the officials said."],
 [("Ivory Coast", L), ("Abidjan", L), ("International Cocoa Organization", O, "ICCO"), ("Denis Bra Kanon", P, "Bra Kanon"), ("Ghana", L), ("Brazil", L), ("Kobena Erbynn", P, "Erbynn")])
story("w07", "dev", "U.S. HOPES JAPAN WILL OPEN MARKETS, OFFICIAL SAYS", [
 "WASHINGTON, March 11 - A U.S. official said the Reagan administration hopes Japan will open its markets to U.S. semiconductors before the economic summit in Venice in June.",
 "The official, who asked not to be named, said Commerce Secretary Malcolm Baldrige would meet Japan's Minister of International Trade and Industry Hajime Tamura next month.",
 "President Reagan said last week that he was concerned about the trade deficit with Japan, which reached 58.6 billion dlrs last year."],
 [("United States", L, "U.S."), ("Japan", L), ("Ronald Reagan", P, "Reagan"), ("Washington", L), ("Venice", L), ("Malcolm Baldrige", P, "Baldrige"), ("Hajime Tamura", P, "Tamura")])
story("w08", "dev", "BUNDESBANK LEAVES KEY RATES UNCHANGED", [
 "FRANKFURT, March 12 - The Bundesbank left its discount and Lombard rates unchanged after its central bank council meeting, a spokesman said.",
 "Bundesbank President Karl Otto Poehl told reporters the bank saw no need to cut rates while money supply growth remained above target. He said West Germany had agreed with the United States and Japan at the Louvre meeting in Paris to stabilise currencies.",
 "Economists at Deutsche Bank AG said they did not expect a rate cut before the summer."],
 [("Bundesbank", O), ("Frankfurt", L), ("Karl Otto Poehl", P, "Poehl"), ("West Germany", L), ("United States", L), ("Japan", L), ("Paris", L), ("Deutsche Bank", O)])

story("w09", "test", "OPEC OIL MINISTERS TO MEET IN VIENNA", [
 "VIENNA, March 13 - Oil ministers of the Organization of Petroleum Exporting Countries (OPEC) will meet here in June to review the group's output ceiling of 15.8 mln barrels a day, an OPEC spokesman said.",
 "Saudi Arabian Oil Minister Hisham Nazer said on Sunday that OPEC members were keeping to their quotas. Nigeria's Oil Minister Rilwanu Lukman, the OPEC president, said prices were holding near 18 dlrs a barrel.",
 "Dealers in London said Iran and Iraq were producing above their quotas."],
 [("OPEC", O, "Organization of Petroleum Exporting Countries"), ("Vienna", L), ("Saudi Arabia", L, "Saudi Arabian"), ("Hisham Nazer", P, "Nazer"), ("Nigeria", L), ("Rilwanu Lukman", P, "Lukman"), ("London", L), ("Iran", L), ("Iraq", L)])
story("w10", "test", "GATT TALKS ON FARM TRADE OPEN IN GENEVA", [
 "GENEVA, March 16 - Talks on farm trade under the General Agreement on Tariffs and Trade (GATT) opened here with the United States and the European Community at odds over export subsidies.",
 "U.S. Trade Representative Clayton Yeutter said the EC's subsidies were distorting world markets. Australia, speaking for the Cairns Group of farm exporters, backed the U.S. position.",
 "GATT director-general Arthur Dunkel urged both sides to compromise."],
 [("General Agreement on Tariffs and Trade", O, "GATT"), ("Geneva", L), ("United States", L, "U.S."), ("European Community", O, "EC"), ("Clayton Yeutter", P, "Yeutter"), ("Australia", L), ("Cairns Group", O), ("Arthur Dunkel", P, "Dunkel")])
story("w11", "test", "CITICORP RAISES PRIME RATE TO 7.75 PCT", [
 "NEW YORK, March 17 - Citicorp <CCI> said its Citibank unit raised its prime lending rate to 7.75 pct from 7.50 pct, effective tomorrow.",
 "Chase Manhattan Bank and Manufacturers Hanover Trust Co <MHC> followed with similar moves. Analysts said the increase reflected higher money market rates after the Federal Reserve tightened credit.",
 "Fed chairman Paul Volcker told Congress last week that the central bank was watching the dollar closely."],
 [("Citicorp", O, "Citibank"), ("New York", L), ("Chase Manhattan Bank", O, "Chase Manhattan"), ("Manufacturers Hanover", O, "Manufacturers Hanover Trust"), ("Federal Reserve", O, "Fed"), ("Paul Volcker", P, "Volcker"), ("Congress", O)])
story("w12", "test", "BRAZIL SUSPENDS INTEREST PAYMENTS ON FOREIGN DEBT", [
 "BRASILIA, March 18 - Brazil suspended interest payments on 68 billion dlrs of debt owed to foreign commercial banks, Finance Minister Dilson Funaro said.",
 "Funaro said Brazil would seek a new agreement with its creditors and the International Monetary Fund (IMF). Bankers in New York said Citicorp and Bank of America were among the largest lenders to Brazil.",
 "President Jose Sarney defended the decision in a speech in Rio de Janeiro."],
 [("Brazil", L), ("Brasilia", L), ("Dilson Funaro", P, "Funaro"), ("International Monetary Fund", O, "IMF"), ("New York", L), ("Citicorp", O), ("Bank of America", O), ("Jose Sarney", P, "Sarney"), ("Rio de Janeiro", L)])
story("w13", "test", "BRITISH AIRWAYS SHARES RISE ON FIRST DAY", [
 "LONDON, March 19 - Shares in British Airways Plc rose 15 pence on their first day of trading on the London Stock Exchange, after the government sold its stake.",
 "Transport Secretary John Moore said the sale had raised 900 mln stg. British Airways chairman Lord King said the airline would expand its routes to the United States and Japan.",
 "Dealers said demand from investors in Britain and abroad was strong."],
 [("British Airways", O), ("London", L), ("London Stock Exchange", O), ("John Moore", P, "Moore"), ("Lord King", P, "King"), ("United States", L), ("Japan", L), ("Britain", L)])
story("w14", "test", "G-7 FINANCE MINISTERS AGREE TO STABILISE CURRENCIES", [
 "PARIS, March 20 - Finance ministers of the Group of Seven leading industrial nations agreed to cooperate to stabilise exchange rates around current levels, a G7 statement said.",
 "U.S. Treasury Secretary James Baker said the G-7 accord showed that the United States, Japan and West Germany were working together. French Finance Minister Edouard Balladur, the host, said Canada and Italy had joined the statement.",
 "Japanese Finance Minister Kiichi Miyazawa said the Bank of Japan would act if the yen rose too fast."],
 [("Group of Seven", O, "G-7", "G7"), ("Paris", L), ("James Baker", P, "Baker"), ("United States", L, "U.S."), ("Japan", L, "Japanese"), ("West Germany", L), ("Edouard Balladur", P, "Balladur"), ("Canada", L), ("Italy", L), ("Kiichi Miyazawa", P, "Miyazawa"), ("Bank of Japan", O), ("U.S. Treasury", O, "Treasury"), ("France", L, "French")])
story("w15", "test", "USDA EXTENDS EXPORT BONUS FOR WHEAT TO ALGERIA", [
 "WASHINGTON, March 23 - The U.S. Agriculture Department extended its export enhancement program to cover sales of 500,000 tonnes of wheat to Algeria, USDA officials said.",
 "The Department of Agriculture said the subsidised sales would help U.S. exporters compete with the European Community in north Africa. Senator Robert Dole of Kansas welcomed the move.",
 "Officials said Morocco and Tunisia had also asked for subsidised wheat."],
 [("U.S. Department of Agriculture", O, "USDA", "U.S. Agriculture Department", "Department of Agriculture"), ("Washington", L), ("Algeria", L), ("United States", L, "U.S."), ("European Community", O), ("Robert Dole", P, "Dole"), ("Kansas", L), ("Morocco", L), ("Tunisia", L)])
story("w16", "test", "STANDARD AND POOR'S AFFIRMS IBM DEBT RATINGS", [
 "NEW YORK, March 24 - Standard and Poor's Corp said it affirmed the AAA rating on about 2.5 billion dlrs of debt of International Business Machines Corp <IBM>.",
 "S&P said IBM's earnings remained strong despite slower growth in computer sales. Moody's Investors Service Inc also confirmed its Aaa rating for IBM last week.",
 "IBM chairman John Akers said in Armonk, N.Y., that the company expected sales in Europe to improve."],
 [("Standard and Poor's", O, "Standard & Poor's", "S&P"), ("New York", L), ("International Business Machines", O, "IBM"), ("Moody's Investors Service", O, "Moody's"), ("John Akers", P, "Akers"), ("Armonk", L), ("Europe", L)])
with open("wire.jsonl", "w") as f:
    for s in S:
        f.write(json.dumps(s) + "\n")
