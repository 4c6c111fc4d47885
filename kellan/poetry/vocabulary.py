"""The words of Rhea's poems: every rule of the grammar (kellan.poetry.grammar).

Keys:

- ``<region>.dream`` a line on the whole dream in that mood; ``<region>.person`` a line on
  one participant ({name}) in it; for the eight circumplex regions, and for ``between``:
  a feeling too near neutral to have a region.
- ``<event>`` a line on an event: ``rift`` ({a}, {b}: the two who differ most),
  ``healing``, ``protocol`` / ``protocol_off``, ``dawn``, ``join`` / ``leave`` ({name}).
- ``rise`` / ``fall`` ({name}): someone's pleasure rose or fell markedly.
- ``calm.holder`` ({holder}, {frac}, {tenths}): who holds the calm; ``calm.without``
  ({who}): who has none of it; ``calm.shared``: it is shared fairly; ``calm.spreads``:
  it is growing fairer.
- ``attention.unheard`` ({who}): who is far from every sculpture; ``attention.holder``
  ({holder}); ``attention.shared``; ``attention.spreads``.
- ``particles.uneven`` ({holder}, {who}): the dream's share itself is lopsided.
- ``polar.apart`` ({a}, {b}) and ``empathy.close``: distance and closeness of feelings.
- fragments, used inside lines: ``simile.*``.

Lines avoid pronouns for participants (we do not know them) and name people only through
{vars}, which hold their display names. No line ends in a full stop it does not need;
punctuation is part of the verse.
"""

from __future__ import annotations

RULES: dict[str, tuple[str, ...]] = {
    # -- fragments -------------------------------------------------------------------
    "simile.hoard": (
        "a coat too large to share",
        "a coin kept warm in a fist",
        "the last blanket in a cold house",
        "a secret no one asked to keep",
        "a lamp carried into a locked room",
    ),
    "simile.far": (
        "a house with no address",
        "a window no one looks up at",
        "a name left off the list",
        "a voice on the wrong frequency",
        "the last seat on the last bus",
    ),
    "simile.gap": (
        "a field of snow",
        "a river with no bridge",
        "the width of a closed door",
        "a whole sleeping city",
    ),
    # -- the eight regions: the whole dream ------------------------------------------
    "happy.dream": (
        "The dream turns warm, a kitchen lit at midnight.",
        "The lights drift easy, like friends walking home.",
        "Contentment settles on the city, soft as flour.",
        "The dream hums the way a full house hums.",
        "Light pools in the courtyard and nobody hurries it.",
        "Every stream leans in toward the warmth at the centre.",
    ),
    "excited.dream": (
        "The dream catches fire at its edges, and laughs.",
        "Sparks climb the sculptures faster than anyone can count.",
        "The whole festival is a drumbeat with its eyes open.",
        "Everything quickens: the lanterns, the pulse, the motes between.",
        "Joy runs the streets without its shoes.",
        "The air fizzes like a glass held up to the light.",
    ),
    "alert.dream": (
        "The dream sits up in bed and listens.",
        "Every spark turns toward a sound not yet made.",
        "The city is awake in all its windows.",
        "Something is about to happen; the dream leans in.",
        "Wide-eyed, the dream holds its lantern higher.",
        "No one blinks. The particles hang, waiting for a word.",
    ),
    "tense.dream": (
        "The dream pulls tight as a wire in the cold.",
        "Each colour crowds its own, shoulder to shoulder, waiting.",
        "A held breath stretches across the whole stage.",
        "The sculptures turn, and the turning sounds like a warning.",
        "Nobody says it, but the air has teeth.",
        "Every stream coils, ready to run.",
    ),
    "upset.dream": (
        "The dream frays; its colours argue.",
        "Something bitter runs in the gutters of the light.",
        "The streams scatter like birds from a slammed door.",
        "The festival has a bruise it will not name.",
        "Sour light, and the colours refuse each other's company.",
        "The dream is a room after an argument, still ringing.",
    ),
    "sad.dream": (
        "The dream goes grey and heavy, rain on a shuttered shop.",
        "The lights sink, slow as letters no one answers.",
        "A long low note runs under everything.",
        "The lanterns dim one by one, not out, just down.",
        "The city dreams of the people who did not come.",
        "Everything is wet with a rain that is not falling.",
    ),
    "tired.dream": (
        "The dream yawns; its edges soften and blur.",
        "Heavy-lidded, the particles forget where they were going.",
        "The sculptures turn slower, a carousel after closing.",
        "Sleep tugs the whole stage gently by the sleeve.",
        "Everything drifts down toward the pillow of the floor.",
        "The pulse slows to the breath of a sleeping dog.",
    ),
    "calm.dream": (
        "The dream lies still, a lake that has stopped asking.",
        "Slow breath, and every grain of light keeps time with it.",
        "The sculptures turn in a silence that holds everyone.",
        "Stillness spreads like ink in water, unhurried.",
        "The city sleeps the good sleep, the one with no hallways.",
        "Nothing needs to happen, and nothing does, gently.",
    ),
    "between.dream": (
        "The dream hangs between moods, undecided.",
        "Neither storm nor sleep: the dream waits to be told.",
        "The colours hold their breath, halfway to something.",
        "A grey hour, neither night nor morning, in the dream.",
    ),
    # -- the eight regions: one person ----------------------------------------------
    "happy.person": (
        "{name} is smiling in a dream with a garden in it.",
        "{name} walks the warm streets with open hands.",
        "{name}'s light comes easy, the colour of bread.",
        "{name} is content, and the stream runs slow and bright.",
        "{name} hums something only the motes can hear.",
    ),
    "excited.person": (
        "{name} runs ahead of the music, bright and loud.",
        "{name}'s motes spin out like a skirt in a dance.",
        "{name} cannot sit still, and the sparks agree.",
        "{name} throws light at the sky to see what it does.",
        "{name} is a firework that refuses to come down.",
    ),
    "alert.person": (
        "{name} listens for a footstep in another dream.",
        "{name} stands at the window with every light on.",
        "{name}'s stream goes quick and watchful.",
        "{name} is awake, awake, counting the doors.",
        "{name} hears the dream before it speaks.",
    ),
    "tense.person": (
        "{name} holds the night like a glass about to fall.",
        "{name}'s sparks crowd close, guarding something.",
        "{name} listens to the dark and hears too much.",
        "{name} clenches, and the stream draws in tight.",
        "{name} paces a hallway that has no end.",
    ),
    "upset.person": (
        "{name} is hurting, and the colours show it.",
        "{name}'s light comes out jagged, shouldering the air.",
        "{name} carries a storm folded in a paper bag.",
        "{name} turns from the others; the stream turns too.",
        "{name} will not be comforted, not yet, not like this.",
    ),
    "sad.person": (
        "{name} sinks into a blue that has no floor.",
        "{name} walks the dream with both hands in pockets.",
        "{name}'s light is low, a porch lamp at four in the morning.",
        "{name} is quiet the way rain is quiet.",
        "{name} misses someone the dream cannot bring.",
    ),
    "tired.person": (
        "{name} is falling asleep inside the dream.",
        "{name}'s lights nod off mid-flight.",
        "{name} drifts at the edge, heavy, almost under.",
        "{name} has been awake for a hundred years tonight.",
        "{name} lays the day down, piece by piece.",
    ),
    "calm.person": (
        "{name} breathes slow, and the stream breathes too.",
        "{name} sits in the eye of it, untroubled.",
        "{name}'s light lies flat and clear as a pond.",
        "{name} keeps a steady lamp for anyone who needs it.",
        "{name} rests like a stone in a moving river.",
    ),
    "between.person": (
        "{name} is neither here nor there, a coin on its edge.",
        "{name} waits, unreadable, in the middle of it all.",
        "{name} keeps still and gives nothing away.",
        "{name} hovers at the threshold of a feeling.",
    ),
    # -- events ------------------------------------------------------------------------
    "rift": (
        "The floor of the dream splits between {a} and {b}.",
        "A crack runs through the dream: {a} on one side, {b} on the other.",
        "The city tears along the seam where {a} and {b} never agreed.",
        "{a} and {b} are thrown apart, and the gap between them glows.",
        "Rift. What {a} feared and what {b} wanted pull the night in two.",
    ),
    "healing": (
        "The seam closes, slow as skin.",
        "The rift heals; a scar of light stays where it was.",
        "The two halves drift back, shy, and touch again.",
        "Where the dream was torn, the particles lay down new thread.",
        "Mended, not the same: the city remembers its crack.",
    ),
    "protocol": (
        "The protocol switches on: a hand on every shoulder, slowing.",
        "A steady hand takes the dream's pulse and lowers it.",
        "The sleep protocol begins; the frenzy is asked to lie down.",
        "Somewhere a dial turns, and the storm is told to breathe.",
        "The protocol counts the motes back toward sleep, one by one.",
    ),
    "protocol_off": (
        "The protocol lets go; the dream breathes on its own.",
        "The hand lifts from every shoulder. Now, alone.",
        "No one holds the pulse now. It finds its own time.",
        "The dial is released, and the dream is its own again.",
    ),
    "dawn": (
        "Dawn comes up through the floor of the dream.",
        "First light: the festival folds its night into pages.",
        "The sky goes pale at its hem; the sleepers stir, lighter.",
        "Morning arrives, and every colour rises to meet it.",
        "At dawn the dream is written down, so it can be shared.",
    ),
    "join": (
        "{name} steps into the dream, and the commons makes room.",
        "A new light: {name}, drawing motes from the common store.",
        "{name} arrives; nobody's particles become somebody's.",
        "Welcome, {name}. The dream had kept a place.",
    ),
    "leave": (
        "{name} leaves; the light fades into everyone's.",
        "{name}'s motes go back to the commons, unclaimed again.",
        "A door closes softly: {name} has woken.",
        "{name} is gone, and the dream keeps the shape a while.",
    ),
    # -- someone's mood moved ----------------------------------------------------------
    "rise": (
        "{name} lifts most of all, lighter than anyone thought.",
        "Something in {name} unclenches and rises.",
        "{name}'s colour climbs, a kite finding wind.",
        "Even {name}, especially {name}, is lifting.",
    ),
    "fall": (
        "{name} falls further than anyone, and no one sees.",
        "Something in {name} goes down the stairs in the dark.",
        "{name}'s colour sinks, a stone let go in deep water.",
        "{name} drops, quietly, through the floor of the night.",
    ),
    # -- inequality: the calm -----------------------------------------------------------
    "calm.holder": (
        "{frac} of the slow motes are {holder}'s.",
        "Of every ten slow motes, {tenths} are {holder}'s.",
        "{holder} holds the calm like <simile.hoard>.",
        "The quiet pools around {holder} and goes no further.",
        "Count the resting lights, then count again: {holder}'s, mostly.",
        "The slowest lights in the dream are {holder}'s.",
        "{holder} has a pocketful of quiet and does not notice.",
        "Rest gathers at {holder}'s feet like a sleeping cat.",
    ),
    "calm.without": (
        "{who} has no stillness left to spend.",
        "No calm reaches {who}; it is all spoken for.",
        "{who} is awake in a dream that sleeps for others.",
        "Sleep is a room, and {who} is not in it.",
        "The slow motes pass {who} by like <simile.far>.",
        "{who} counts sheep that will not jump.",
        "Everyone's night is softer than {who}'s.",
    ),
    "calm.spreads": (
        "The stillness loosens its grip and spreads a little.",
        "Some of the quiet finds its way to new hands.",
        "The calm, hoarded a moment ago, begins to travel.",
    ),
    "calm.shared": (
        "The calm is shared out evenly, the way bread should be.",
        "Stillness falls on everyone alike.",
        "No one hoards the quiet now.",
        "Each of them holds a little of the night's rest.",
        "Rest goes round the circle like a shared cup.",
        "The night's quiet is divided fairly, for once.",
    ),
    # -- inequality: the attention of the sculptures ------------------------------------
    "attention.unheard": (
        "{who} speaks where no sculpture listens.",
        "The sculptures turn their faces from {who}.",
        "{who} stands at the rim of the light, unheard.",
        "Who is near the sculptures? Not {who}. Never {who}.",
        "{who}'s motes circle the dark like <simile.far>.",
        "The sculptures hum on, and {who} is not in the song.",
        "{who} is left in the dark between the lanterns.",
    ),
    "attention.holder": (
        "The sculptures lean toward {holder}.",
        "{holder} is crowded close to the sculptures, lit from every side.",
        "Of every ten motes the sculptures hear, {tenths} are {holder}'s.",
        "The holograms learn {holder}'s name first.",
        "{holder} stands where the sculptures can see, and is seen.",
        "The sculptures keep {holder} close, like a favourite song.",
        "Whoever is near the light, it is {holder}, again.",
        "{holder}'s sparks wind round the sculptures like ivy.",
    ),
    "attention.spreads": (
        "The sculptures widen their gaze.",
        "The circle of light opens to let more in.",
        "The holograms begin to listen past their favourites.",
    ),
    "attention.shared": (
        "The sculptures listen to everyone at once.",
        "Every stream comes close to the light, and is heard.",
        "No one stands at the rim now; the circle has room.",
        "The sculptures hold everyone in the same light.",
        "No favourites now: the light goes round.",
    ),
    "particles.uneven": (
        "{holder} holds more of the dream than was given; {who}, less.",
        "The dream's own weight tips toward {holder}, away from {who}.",
        "The commons gives {holder} more than a share; {who} waits.",
    ),
    # -- polarisation and empathy --------------------------------------------------------
    "polar.apart": (
        "{a} and {b} dream in opposite rooms.",
        "Between {a} and {b} the distance grows, <simile.gap>.",
        "The dream splits its vote: {a}'s way, {b}'s way.",
        "{a} cannot hear {b} across the night.",
        "{a} is all storm where {b} is all harbour.",
        "{a} and {b} stand on either side of a glass wall.",
    ),
    "empathy.close": (
        "For a moment everyone feels the same thing.",
        "The dreamers' moods line up like spoons in a drawer.",
        "They are feeling it together now.",
        "One weather for all of them, at last.",
        "Their colours blur at the edges, and agree.",
        "Nobody is alone in what they feel.",
    ),
}
