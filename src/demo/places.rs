//! Service territory: real-looking streets and ZIP codes across the Bay Area,
//! the Central Coast, Sacramento and the Central Valley, each tagged with a
//! climate so usage can follow it (fog-cooled San Francisco barely runs AC,
//! Fresno and Bakersfield double their load in July).

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// How strongly summer heat drives air conditioning.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Climate {
    /// Fog belt: flat all year, a little winter heating.
    Coastal,
    /// Inner Bay: mild summer bump.
    Bay,
    /// Inland valleys and Sacramento: strong summer AC.
    Inland,
    /// Southern Central Valley: very hot summers.
    Valley,
}

impl Climate {
    /// Extra load at the height of summer, as a fraction of base load.
    pub(crate) fn summer_gain(self) -> f64 {
        match self {
            Climate::Coastal => 0.04,
            Climate::Bay => 0.25,
            Climate::Inland => 0.65,
            Climate::Valley => 0.85,
        }
    }

    /// Extra load in midwinter (heaters, lighting, holidays).
    pub(crate) fn winter_gain(self) -> f64 {
        match self {
            Climate::Coastal => 0.18,
            Climate::Bay => 0.15,
            Climate::Inland => 0.12,
            Climate::Valley => 0.10,
        }
    }
}

pub(crate) struct City {
    pub(crate) name: &'static str,
    pub(crate) zips: &'static [&'static str],
    pub(crate) streets: &'static [&'static str],
    pub(crate) climate: Climate,
    /// Relative share of customers.
    weight: u32,
}

/// A drawn service location.
pub(crate) struct Place {
    pub(crate) address: String,
    pub(crate) zip: &'static str,
    pub(crate) climate: Climate,
}

const fn city(
    name: &'static str,
    zips: &'static [&'static str],
    streets: &'static [&'static str],
    climate: Climate,
    weight: u32,
) -> City {
    City {
        name,
        zips,
        streets,
        climate,
        weight,
    }
}

use Climate::{Bay, Coastal, Inland, Valley};

#[rustfmt::skip]
pub(crate) const CITIES: &[City] = &[
    city("San Francisco", &["94110", "94112", "94114", "94116", "94121", "94122", "94124"],
        &["Mission St", "Valencia St", "Geary Blvd", "Irving St", "Taraval St", "Noriega St", "Judah St", "Ocean Ave", "Clement St", "Balboa St", "San Bruno Ave", "Dolores St"], Coastal, 9),
    city("Daly City", &["94014", "94015"], &["Mission St", "Junipero Serra Blvd", "Skyline Blvd", "Westlake Ave"], Coastal, 2),
    city("San Mateo", &["94401", "94403"], &["El Camino Real", "Hillsdale Blvd", "Delaware St", "Norfolk St"], Bay, 2),
    city("Oakland", &["94601", "94606", "94607", "94610", "94611", "94619", "94621"],
        &["International Blvd", "MacArthur Blvd", "Telegraph Ave", "Foothill Blvd", "Fruitvale Ave", "Park Blvd", "Lakeshore Ave", "Broadway", "Edgewater Dr"], Bay, 7),
    city("Berkeley", &["94702", "94703", "94709"], &["Shattuck Ave", "San Pablo Ave", "University Ave", "Sacramento St"], Bay, 2),
    city("Richmond", &["94801", "94804"], &["Macdonald Ave", "Cutting Blvd", "23rd St", "Barrett Ave"], Bay, 2),
    city("Hayward", &["94541", "94544"], &["Mission Blvd", "Tennyson Rd", "Jackson St", "Winton Ave"], Bay, 3),
    city("Fremont", &["94536", "94538"], &["Fremont Blvd", "Mowry Ave", "Paseo Padre Pkwy", "Thornton Ave"], Bay, 4),
    city("San Jose", &["95111", "95112", "95121", "95122", "95123", "95125", "95127", "95148"],
        &["Story Rd", "Tully Rd", "King Rd", "Senter Rd", "Capitol Expy", "Aborn Rd", "Quimby Rd", "White Rd", "McLaughlin Ave", "Alum Rock Ave", "Santa Teresa Blvd", "Blossom Hill Rd"], Bay, 12),
    city("Santa Cruz", &["95060", "95062"], &["Mission St", "Soquel Ave", "Ocean St", "Water St"], Coastal, 1),
    city("Salinas", &["93901", "93905"], &["Main St", "Alisal St", "N Sanborn Rd", "Boronda Rd"], Coastal, 2),
    city("Concord", &["94520", "94521"], &["Clayton Rd", "Willow Pass Rd", "Monument Blvd", "Treat Blvd"], Inland, 3),
    city("Walnut Creek", &["94596", "94598"], &["Ygnacio Valley Rd", "N Main St", "Oak Grove Rd"], Inland, 2),
    city("Antioch", &["94509", "94531"], &["A St", "Lone Tree Way", "Hillcrest Ave", "Delta Fair Blvd"], Inland, 2),
    city("Livermore", &["94550", "94551"], &["First St", "Stanley Blvd", "Portola Ave", "Murrieta Blvd"], Inland, 2),
    city("Vallejo", &["94589", "94590"], &["Sonoma Blvd", "Tennessee St", "Springs Rd", "Redwood St"], Bay, 2),
    city("Santa Rosa", &["95401", "95404"], &["Sebastopol Rd", "Mendocino Ave", "4th St", "Stony Point Rd"], Inland, 3),
    city("Sacramento", &["95814", "95816", "95818", "95822", "95823", "95825", "95831", "95838"],
        &["Stockton Blvd", "Franklin Blvd", "Freeport Blvd", "Folsom Blvd", "J St", "Broadway", "Florin Rd", "Mack Rd", "Del Paso Blvd"], Inland, 8),
    city("Elk Grove", &["95624", "95758"], &["Elk Grove Blvd", "Laguna Blvd", "Bond Rd", "Calvine Rd"], Inland, 3),
    city("Stockton", &["95204", "95207", "95209"], &["Pacific Ave", "March Ln", "Hammer Ln", "El Dorado St"], Valley, 4),
    city("Modesto", &["95350", "95354", "95355"], &["McHenry Ave", "Sylvan Ave", "Coffee Rd", "Yosemite Blvd"], Valley, 3),
    city("Merced", &["95340", "95348"], &["M St", "Olive Ave", "G St", "Yosemite Ave"], Valley, 1),
    city("Fresno", &["93704", "93706", "93710", "93720", "93726", "93727"],
        &["Blackstone Ave", "Shaw Ave", "Cedar Ave", "Kings Canyon Rd", "Herndon Ave", "Olive Ave"], Valley, 6),
    city("Visalia", &["93277", "93291"], &["Mooney Blvd", "Main St", "Caldwell Ave", "Demaree St"], Valley, 1),
    city("Bakersfield", &["93301", "93304", "93306", "93309"], &["Ming Ave", "White Ln", "Brundage Ln", "Chester Ave", "Stockdale Hwy"], Valley, 4),
    city("Chico", &["95926", "95928"], &["Esplanade", "Mangrove Ave", "Park Ave", "E 20th St"], Valley, 1),
    city("Redding", &["96001", "96003"], &["Hilltop Dr", "Churn Creek Rd", "Placer St", "Cypress Ave"], Valley, 1),
];

/// The San Jose ZIPs where the Vietnamese-speaking community concentrates.
pub(crate) const LITTLE_SAIGON_ZIPS: &[&str] = &["95111", "95121", "95122", "95127", "95148"];

/// San Jose's entry in [`CITIES`].
fn san_jose() -> &'static City {
    CITIES
        .iter()
        .find(|c| c.name == "San Jose")
        .unwrap_or(&CITIES[0])
}

fn pick_city(rng: &mut ChaCha8Rng) -> &'static City {
    let total: u32 = CITIES.iter().map(|c| c.weight).sum();
    let mut ticket = rng.gen_range(0..total);
    for c in CITIES {
        if ticket < c.weight {
            return c;
        }
        ticket -= c.weight;
    }
    &CITIES[0]
}

/// Climate of a ZIP in the table (showcase addresses use it too).
pub(crate) fn climate_of(zip: &str) -> Climate {
    CITIES
        .iter()
        .find(|c| c.zips.contains(&zip))
        .map_or(Climate::Bay, |c| c.climate)
}

/// Draws a service location; `little_saigon` biases towards east San Jose.
pub(crate) fn pick_place(rng: &mut ChaCha8Rng, little_saigon: bool, business: bool) -> Place {
    let (city, zip) = if little_saigon && rng.gen_bool(0.6) {
        let z = LITTLE_SAIGON_ZIPS[rng.gen_range(0..LITTLE_SAIGON_ZIPS.len())];
        (san_jose(), z)
    } else {
        let c = pick_city(rng);
        (c, c.zips[rng.gen_range(0..c.zips.len())])
    };
    let street = city.streets[rng.gen_range(0..city.streets.len())];
    let number: u32 = rng.gen_range(100..9990);
    let unit = if business {
        match rng.gen_range(0..10) {
            0..=1 => format!(" Ste {}", rng.gen_range(100..400)),
            _ => String::new(),
        }
    } else {
        match rng.gen_range(0..10) {
            0..=1 => format!(" Apt {}", rng.gen_range(1..40)),
            2 => format!(" Unit {}", (b'A' + rng.gen_range(0..6u8)) as char),
            _ => String::new(),
        }
    };
    Place {
        address: format!("{number} {street}{unit}, {}, CA", city.name),
        zip,
        climate: city.climate,
    }
}

/// Rotating-outage block: neighbours share a block, so it follows the ZIP
/// most of the time; a few carry a sub-block letter (e.g. `50B`).
pub(crate) fn outage_group(rng: &mut ChaCha8Rng, zip: &str) -> String {
    let zip_num: u32 = zip.parse().unwrap_or(0);
    let base = if rng.gen_bool(0.7) {
        zip_num.wrapping_mul(2_654_435_761) % 50 + 1
    } else {
        rng.gen_range(1..=50)
    };
    if rng.gen_bool(0.15) {
        format!("{base}{}", (b'A' + rng.gen_range(0..4u8)) as char)
    } else {
        base.to_string()
    }
}
