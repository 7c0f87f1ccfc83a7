"""The columns of ESRI's expenditure-side GDP table (gaku-mk*.csv), declared once.

Each item sits at a fixed column; its label is the published header, Japanese rows 3–5 and English
rows 6–7 (non-empty cells of the column, joined with '/'). The parser checks every label, so a moved
or renamed column is a changed layout, never a silent mislabel. Columns not listed are blank
separators and must stay blank.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    column: int
    code: str
    label_ja: str
    label_en: str  # as published: ESRI's English cells lose the spaces of their line breaks


ITEMS: tuple[Item, ...] = (
    Item(1, "gdp", "国内総生産(支出側)", "GDP(Expenditure Approach)"),
    Item(2, "private_consumption", "民間最終消費支出", "PrivateConsumption"),
    Item(3, "household_consumption", "家計最終消費支出", "Consumption ofHouseholds"),
    Item(4, "household_consumption_ex_imputed_rent", "除く持ち家の帰属家賃", "ExcludingImputed Rent"),
    Item(5, "private_residential_investment", "民間住宅", "PrivateResidentialInvestment"),
    Item(6, "private_non_residential_investment", "民間企業設備", "Private Non-Resi.Investment"),
    Item(7, "change_in_private_inventories", "民間在庫変動", "Changein PrivateInventories"),
    Item(8, "government_consumption", "政府最終消費支出", "GovernmentConsumption"),
    Item(9, "public_investment", "公的固定資本形成", "PublicInvestment"),
    Item(10, "change_in_public_inventories", "公的在庫変動", "Changein PublicInventories"),
    Item(11, "net_exports", "財貨・サービス/純輸出", "Goods & Services/Net Exports"),
    Item(12, "exports", "輸出", "Exports"),
    Item(13, "imports", "輸入", "Imports"),
    Item(15, "net_income_from_abroad", "海外からの所得/純受取", "Income from /to the Rest of the World/Net"),
    Item(16, "income_receipts_from_abroad", "受取", "Receipt"),
    Item(17, "income_payments_to_abroad", "支払", "Payment"),
    Item(18, "gni", "国民総所得", "GNI"),
    Item(20, "domestic_demand", "国内需要", "DomesticDemand"),
    Item(21, "private_demand", "民間需要", "PrivateDemand"),
    Item(22, "public_demand", "公的需要", "PublicDemand"),
    Item(24, "gross_fixed_capital_formation", "総固定資本形成", "Gross Fixed CapitalFormation"),
    Item(26, "final_sales_of_domestic_product", "最終需要", "Final Sales of Domestic Product"),
)

# GDP = the sum of these (the national-accounts identity the suite checks, within rounding).
GDP_COMPONENTS = (
    "private_consumption",
    "private_residential_investment",
    "private_non_residential_investment",
    "change_in_private_inventories",
    "government_consumption",
    "public_investment",
    "change_in_public_inventories",
    "net_exports",
)
